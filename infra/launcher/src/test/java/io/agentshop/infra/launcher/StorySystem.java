package io.agentshop.infra.launcher;

import io.agentshop.infra.stack.Ports;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole local system as the README starts it, started once for the test classes that use it as its users do
 * ({@link AgentShopStoryIT}, {@link ConsoleIT}; failsafe runs them in one JVM) and stopped when that JVM ends. Also
 * the pinned TypeScript SDK (src/test/node), installed once beside it.
 */
final class StorySystem {

    private static StorySystem running;

    final Path work;
    final Launched system;
    final int edgePort;
    final int queryPort;
    final int authPort;
    final int postgresPort;
    final int consolePort;
    /** MCP clients' own metadata documents, on https, trusted by the authorization server. */
    final HttpsClientDocuments clientDocuments;

    private StorySystem(Path work) throws Exception {
        this.work = work;
        edgePort = Ports.anyFree();
        queryPort = Ports.anyFree();
        authPort = Ports.anyFree();
        postgresPort = Ports.anyFree();
        consolePort = Ports.anyFree();
        clientDocuments = HttpsClientDocuments.start(work);
        system = Launched.start(List.of("--data-dir=" + work.resolve("data"), "--edge-port=" + edgePort,
                "--query-port=" + queryPort, "--auth-port=" + authPort, "--witness-port=" + Ports.anyFree(),
                "--console-port=" + consolePort, "--postgres-port=" + postgresPort,
                "--kafka-port=" + Ports.anyFree(), "--kafka-controller-port=" + Ports.anyFree(), "--partitions=2",
                "--app-jvm-options=-Xms64m -Xmx512m " + String.join(" ", clientDocuments.authServerJvmOptions())),
                work.resolve("system.log"));
        system.awaitUp();
    }

    static synchronized StorySystem get() throws Exception {
        if (running == null) {
            Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "story-system-");
            StorySystem started = new StorySystem(work.toAbsolutePath());
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "story-system-stop"));
            running = started;
        }
        return running;
    }

    String issuer() {
        return "http://127.0.0.1:" + authPort;
    }

    String edge() {
        return "http://127.0.0.1:" + edgePort;
    }

    String query() {
        return "http://127.0.0.1:" + queryPort;
    }

    String console() {
        return "http://127.0.0.1:" + consolePort;
    }

    private void stop() {
        try {
            system.signal("TERM");
            system.awaitExit();
        } catch (Exception e) {
            system.process().destroyForcibly();
        }
        clientDocuments.close();
    }

    /** The pinned TypeScript SDK installed once (npm ci) into a folder with the scripts of src/test/node. */
    synchronized Path typescriptClient() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"), "Node.js and npm are not installed here");
        Path client = work.resolve("typescript-client");
        if (!Files.isDirectory(client.resolve("node_modules"))) {
            Files.createDirectories(client);
            try (var files = Files.list(Path.of("src/test/node"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, client.resolve(file.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            run(client, Duration.ofMinutes(3), "npm", "ci", "--no-audit", "--no-fund");
        }
        return client;
    }

    static boolean onPath(String command) {
        try {
            return new ProcessBuilder(command, "--version").redirectErrorStream(true).start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a command in a folder; its standard output, or a failure with everything it printed. */
    static String run(Path folder, Duration limit, String... command) throws Exception {
        Path output = Files.createTempFile(folder, "out", ".txt");
        Path errors = Files.createTempFile(folder, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(folder.toFile())
                .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        boolean finished = process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished && process.exitValue() == 0).as("%s: %s%n%s", String.join(" ", command),
                Files.readString(output), Files.readString(errors)).isTrue();
        return Files.readString(output).trim();
    }
}
