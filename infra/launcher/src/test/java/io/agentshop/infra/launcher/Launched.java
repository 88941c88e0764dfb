package io.agentshop.infra.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The launcher as a person runs it: {@code java -jar agent-shop-local.jar …}, output kept in a file. */
record Launched(Process process, Path log) {

    static final Path JAR = Path.of(System.getProperty("launcher.jar", "target/agent-shop-local.jar"));
    static final Duration START_LIMIT = Duration.ofSeconds(180);

    static Launched start(List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toAbsolutePath().toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The tests register more agents a minute, all from 127.0.0.1, than the development limits allow; the
        // authorization server inherits the launcher's environment. (The limits have tests of their own.)
        builder.environment().put("AGENTSHOP_AUTH_REGISTRATION_PERMINUTE", "1000");
        builder.environment().put("AGENTSHOP_AUTH_REGISTRATION_PERADDRESSPERMINUTE", "1000");
        Process process = builder.start();
        return new Launched(process, log);
    }

    void awaitUp() {
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(500))
                .failFast("the launcher exited: " + tail(), () -> !process.isAlive())
                .until(() -> output().contains("Agent Shop is up"));
    }

    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("launcher exits; output: %s", tail()).isTrue();
        return process.exitValue();
    }

    List<ProcessHandle> processTree() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        return tree;
    }

    /** The one child process whose command line contains {@code marker}, e.g. {@code mcp-edge.jar}. */
    ProcessHandle child(String marker) {
        List<ProcessHandle> matching = process.descendants()
                .filter(child -> child.info().commandLine().orElse("").contains(marker)).toList();
        assertThat(matching).as("one child process running %s", marker).hasSize(1);
        return matching.get(0);
    }

    void signal(String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private String tail() {
        try {
            String text = output();
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
