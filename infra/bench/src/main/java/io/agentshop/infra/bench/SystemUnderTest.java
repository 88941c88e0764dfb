package io.agentshop.infra.bench;

import io.agentshop.infra.stack.Ports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole local system, started as {@code ./run.sh} starts it (the launcher's jar in a child JVM) on free ports and a
 * fresh data directory, with one shopper per simulated agent at the development authorization server.
 */
final class SystemUnderTest implements AutoCloseable {

    final int edgePort = Ports.anyFree();
    final int queryPort = Ports.anyFree();
    final int authPort = Ports.anyFree();
    final int postgresPort = Ports.anyFree();
    final int kafkaPort = Ports.anyFree();
    static final int UNTHROTTLED = 100_000;

    private final Path work;
    private final Path log;
    private final Process launcher;

    private SystemUnderTest(Path launcherJar, int shoppers) throws IOException {
        work = Files.createTempDirectory("agent-shop-bench");
        log = work.resolve("system.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", launcherJar.toAbsolutePath().toString(), "--data-dir=" + work.resolve("data"),
                "--edge-port=" + edgePort, "--query-port=" + queryPort, "--auth-port=" + authPort,
                "--postgres-port=" + postgresPort, "--kafka-port=" + kafkaPort,
                "--kafka-controller-port=" + Ports.anyFree()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AGENTSHOP_AUTH_SHOPPERS", Integer.toString(shoppers));
        // The harness measures capacity, not the per-agent rate policy: a fast system would otherwise answer most
        // calls with 429 (20 per second and agent by default) and the figures would count the refusals.
        builder.environment().put("AGENTSHOP_MCP_REQUESTSPERSECOND", Integer.toString(UNTHROTTLED));
        // Every simulated agent registers itself, all from 127.0.0.1: more than the development limits allow.
        builder.environment().put("AGENTSHOP_AUTH_REGISTRATION_PERMINUTE", Integer.toString(UNTHROTTLED));
        builder.environment().put("AGENTSHOP_AUTH_REGISTRATION_PERADDRESSPERMINUTE", Integer.toString(UNTHROTTLED));
        launcher = builder.start();
    }

    static SystemUnderTest start(Path launcherJar, int shoppers) throws IOException, InterruptedException {
        if (!Files.isRegularFile(launcherJar)) {
            throw new IllegalStateException("no launcher jar at " + launcherJar + "; build first: ./mvnw -DskipTests package");
        }
        SystemUnderTest system = new SystemUnderTest(launcherJar, shoppers);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!system.output().contains("Agent Shop is up")) {
            if (!system.launcher.isAlive() || Instant.now().isAfter(deadline)) {
                system.close();
                throw new IllegalStateException("the system did not start; its log: " + system.log);
            }
            Thread.sleep(250); // the launcher says it is up only in its log, which is read again until it does
        }
        return system;
    }

    String edge() {
        return "http://127.0.0.1:" + edgePort;
    }

    String querySide() {
        return "http://127.0.0.1:" + queryPort;
    }

    String issuer() {
        return "http://127.0.0.1:" + authPort;
    }

    String eventsJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/agentshop_events";
    }

    String kafka() {
        return "127.0.0.1:" + kafkaPort;
    }

    /**
     * Peak resident memory (VmHWM) of each process of the system so far, in MiB: the launcher JVM (which hosts the
     * Kafka node), each application JVM, and the largest PostgreSQL process (with how many there are).
     */
    Map<String, Object> peakMemory() {
        Map<String, Object> peaks = new LinkedHashMap<>();
        peaks.put("launcher + Kafka", peakMib(launcher.toHandle()));
        for (ProcessHandle process : launcher.descendants().toList()) {
            String commandLine = process.info().commandLine().orElse("");
            for (String application : List.of("mcp-edge", "query-side", "auth-server")) {
                if (commandLine.contains(application + ".jar")) {
                    peaks.put(application, peakMib(process));
                }
            }
        }
        // pg_ctl detaches the postmaster from the launcher: find it, and its backends, by the data directory.
        long postgresPeak = 0;
        int postgresProcesses = 0;
        String dataDirectory = work.resolve("data").toString();
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            String commandLine = process.info().commandLine().orElse("");
            if (commandLine.contains(dataDirectory) && !commandLine.contains("java")) {
                postgresProcesses++;
                postgresPeak = Math.max(postgresPeak, peakMib(process));
                for (ProcessHandle backend : process.descendants().toList()) {
                    postgresProcesses++;
                    postgresPeak = Math.max(postgresPeak, peakMib(backend));
                }
            }
        }
        peaks.put("postgres (largest of " + postgresProcesses + " processes)", postgresPeak);
        return peaks;
    }

    /**
     * CPU time used so far (user + system, seconds) by each part of the system: the launcher JVM (with Kafka), each
     * application JVM, and all PostgreSQL processes together; {@code this harness} for the simulated agents.
     */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("launcher + Kafka", cpuOf(launcher.toHandle()));
        for (ProcessHandle process : launcher.descendants().toList()) {
            String commandLine = process.info().commandLine().orElse("");
            for (String application : List.of("mcp-edge", "query-side", "auth-server")) {
                if (commandLine.contains(application + ".jar")) {
                    cpu.put(application, cpuOf(process));
                }
            }
        }
        double postgres = 0;
        String dataDirectory = work.resolve("data").toString();
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            String commandLine = process.info().commandLine().orElse("");
            if (commandLine.contains(dataDirectory) && !commandLine.contains("java")) {
                postgres += cpuOf(process);
                for (ProcessHandle backend : process.descendants().toList()) {
                    postgres += cpuOf(backend);
                }
            }
        }
        cpu.put("postgres", postgres);
        cpu.put("this harness", cpuOf(ProcessHandle.current()));
        return cpu;
    }

    /** utime + stime from /proc/<pid>/stat, in seconds (clock ticks of 100 Hz, as on Linux by default). */
    private static double cpuOf(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long peakMib(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException gone) {
            return -1;
        }
        return -1;
    }

    private String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        launcher.destroy();
        try {
            if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
