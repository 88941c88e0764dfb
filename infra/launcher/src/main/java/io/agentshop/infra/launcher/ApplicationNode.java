package io.agentshop.infra.launcher;

import io.agentshop.infra.stack.ApplicationProcess;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One node of one application (its jar, port and environment), started again the same way after it died. */
final class ApplicationNode implements Supervised {

    private final String name;
    private final Path jar;
    private final int port;
    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    private volatile ApplicationProcess process;

    private ApplicationNode(String name, Path jar, int port, List<String> jvmOptions, Map<String, String> environment) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.jvmOptions = jvmOptions;
        this.environment = Map.copyOf(environment);
    }

    static ApplicationNode start(String name, Path jar, int port, List<String> jvmOptions,
                                 Map<String, String> environment) {
        ApplicationNode node = new ApplicationNode(name, jar, port, jvmOptions, environment);
        node.startAgain();
        return node;
    }

    @Override
    public String name() {
        return name;
    }

    int port() {
        return port;
    }

    URI baseUri() {
        return process.baseUri();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public CompletableFuture<String> exited() {
        return process.exited().thenApply(ended -> "exited with code " + ended.exitValue());
    }

    @Override
    public void startAgain() {
        process = ApplicationProcess.start(name, jar, port, jvmOptions, environment);
    }

    @Override
    public void awaitReady(Instant deadline) {
        process.awaitHealthy(deadline);
    }

    @Override
    public void stop() {
        process.stop();
    }
}
