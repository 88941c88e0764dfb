package io.agentshop.infra.stack;

import io.agentshop.appsupport.ParentProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the system's Spring Boot applications, run from its own jar in a child JVM exactly as in production, with
 * its output prefixed by its name. Configuration goes through the environment, so no password shows in {@code ps}.
 */
public final class ApplicationProcess {

    private static final Logger log = LoggerFactory.getLogger(ApplicationProcess.class);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final String name;
    private final int port;
    private final Process process;

    private ApplicationProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    public static ApplicationProcess start(String name, Path jar, int port, List<String> jvmOptions,
                                    Map<String, String> environment) {
        Map<String, String> withPort = new HashMap<>(environment);
        withPort.put("SERVER_PORT", Integer.toString(port));
        // Local means local: nothing of the development system is reachable from another machine.
        withPort.put("SERVER_ADDRESS", "127.0.0.1");
        Process process = launchJar(name, jar, jvmOptions, withPort, List.of());
        log.info("{} starting (pid {}) from {}", name, process.pid(), jar);
        return new ApplicationProcess(name, port, process);
    }

    /** {@code java [jvmOptions] -jar jar [arguments]}, its output copied with the name as prefix. */
    private static Process launchJar(String name, Path jar, List<String> jvmOptions, Map<String, String> environment,
                                     List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        // It ends with this JVM, however this JVM ends (ParentProcess in the application's main).
        builder.environment().put(ParentProcess.VARIABLE, Long.toString(ProcessHandle.current().pid()));
        try {
            Process process = builder.start();
            Thread copier = new Thread(() -> copyOutput(name, process, System.out), name + "-output");
            copier.setDaemon(true);
            copier.start();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " from " + jar, e);
        }
    }

    /**
     * Runs a one-off task of an application's jar ({@code java -jar app.jar task}) to completion, its output prefixed
     * like the application's; fails when it exits non-zero or takes longer than {@code limit}.
     */
    public static void runTask(String name, Path jar, String task, List<String> jvmOptions, Map<String, String> environment,
                        Duration limit) {
        Process process = launchJar(name, jar, jvmOptions, environment, List.of(task));
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " " + task + " did not finish within " + limit.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " " + task + " failed with exit code " + process.exitValue()
                        + "; its log is above");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name + " " + task, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** Completes when the process ends, however it ends. */
    public java.util.concurrent.CompletableFuture<Process> exited() {
        return process.onExit();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Waits until the application's health endpoint answers UP; fails early when the process dies meanwhile. */
    public void awaitHealthy(Instant deadline) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(baseUri().resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        String lastAnswer = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " while starting; its log is above");
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"")) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException notListeningYet) {
                lastAnswer = notListeningYet.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleepQuietly(Duration.ofMillis(500));
        }
        throw new IllegalStateException(name + " was not healthy in time; last answer: " + lastAnswer);
    }

    /** SIGTERM (a graceful Spring shutdown), then SIGKILL for it and anything it started if it will not go. */
    public void stop() {
        if (!process.isAlive()) {
            log.info("{} had already stopped (exit code {})", name, process.exitValue());
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not stop within {} s; killing it", name, GRACE.toSeconds());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        log.info("{} stopped", name);
    }

    /** The child's output line by line on {@code target}, each line prefixed with its name. */
    static void copyOutput(String name, Process process, PrintStream target) {
        String prefix = String.format("%-10s| ", name);
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                target.println(prefix + line);
            }
        } catch (IOException closed) {
            // The process ended: nothing more to copy.
        }
    }

    /** Between health probes of a child JVM: it signals nothing else while it starts. */
    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
