package io.agentshop.infra.bench;

import io.agentshop.infra.stack.Database;
import io.agentshop.infra.stack.Ports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The whole local system, started as {@code ./run.sh} starts it (the launcher's jar in a child JVM) on free ports and a
 * fresh data directory, with one shopper per simulated agent at the development authorization server; one node of
 * each kind, or the {@link Topology} given (several edges, query nodes and Kafka brokers, as the fault suite runs it).
 */
final class SystemUnderTest implements AutoCloseable {

    /** How many nodes of each kind; node {@code i} of a side listens on the side's base port + 10 × i. */
    record Topology(int edges, int queryNodes, int brokers) {
        static final Topology SINGLE = new Topology(1, 1, 1);
        static final int NODE_PORT_STEP = 10;
    }

    static final int UNTHROTTLED = 100_000;
    static final String ROLE_PASSWORD = "agentshop-local";

    final Topology topology;
    final int edgePort;
    final int queryPort;
    final int authPort = Ports.anyFree();
    final int postgresPort = Ports.anyFree();
    final int kafkaPort;

    private final Path work;
    private final Path log;
    private final Process launcher;

    private SystemUnderTest(Path launcherJar, int shoppers, Topology topology) throws IOException {
        this.topology = topology;
        edgePort = Ports.anyFreeRun(topology.edges(), Topology.NODE_PORT_STEP);
        queryPort = Ports.anyFreeRun(topology.queryNodes(), Topology.NODE_PORT_STEP);
        // Broker i listens on kafkaPort + 2i, its controller on the port after it.
        kafkaPort = Ports.anyFreeRun(topology.brokers(), 2);
        work = Files.createTempDirectory("agent-shop-bench");
        log = work.resolve("system.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", launcherJar.toAbsolutePath().toString(), "--data-dir=" + work.resolve("data"),
                "--edge-port=" + edgePort, "--query-port=" + queryPort, "--auth-port=" + authPort,
                "--witness-port=" + Ports.anyFree(), "--console-port=" + Ports.anyFree(), "--postgres-port=" + postgresPort, "--kafka-port=" + kafkaPort,
                "--kafka-controller-port=" + (kafkaPort + 1), "--edges=" + topology.edges(),
                "--query-nodes=" + topology.queryNodes(), "--brokers=" + topology.brokers()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AGENTSHOP_AUTH_SHOPPERS", Integer.toString(shoppers));
        // The harness measures capacity, not the per-agent rate policy: a fast system would otherwise answer most
        // calls with 429 (20 per second and agent by default) and the figures would count the refusals.
        builder.environment().put("AGENTSHOP_MCP_REQUESTSPERSECOND", Integer.toString(UNTHROTTLED));
        // Every simulated agent registers itself, all from 127.0.0.1: more than the development limits allow.
        builder.environment().put("AGENTSHOP_AUTH_REGISTRATION_PERMINUTE", Integer.toString(UNTHROTTLED));
        builder.environment().put("AGENTSHOP_AUTH_REGISTRATION_PERADDRESSPERMINUTE", Integer.toString(UNTHROTTLED));
        // The floors the benchmark measures beside its figures: the noop tool and the in-process command side.
        builder.environment().put("AGENTSHOP_BENCHMARK_ENABLED", "true");
        launcher = builder.start();
        // Ctrl-C or SIGTERM of the harness must not leave the system running on its own.
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-system-under-test"));
    }

    static SystemUnderTest start(Path launcherJar, int shoppers) throws IOException, InterruptedException {
        return start(launcherJar, shoppers, Topology.SINGLE);
    }

    static SystemUnderTest start(Path launcherJar, int shoppers, Topology topology)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(launcherJar)) {
            throw new IllegalStateException("no launcher jar at " + launcherJar + "; build first: ./mvnw -DskipTests package");
        }
        SystemUnderTest system = new SystemUnderTest(launcherJar, shoppers, topology);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (!system.output().contains("Agent Shop is up")) {
            if (!system.launcher.isAlive() || Instant.now().isAfter(deadline)) {
                system.close();
                // The log's end says why; a CI run keeps only what the test prints, not the temporary directory.
                throw new IllegalStateException("the system did not start; its log: " + system.log
                        + "; what it says about it:\n" + system.whyNotStarted());
            }
            Thread.sleep(250); // the launcher says it is up only in its log, which is read again until it does
        }
        return system;
    }

    String edge() {
        return edge(0);
    }

    /** Edge node {@code node} (from 0). */
    String edge(int node) {
        return "http://127.0.0.1:" + (edgePort + Topology.NODE_PORT_STEP * node);
    }

    List<String> edges() {
        return IntStream.range(0, topology.edges()).mapToObj(this::edge).toList();
    }

    String querySide() {
        return querySide(0);
    }

    /** Query node {@code node} (from 0). */
    String querySide(int node) {
        return "http://127.0.0.1:" + (queryPort + Topology.NODE_PORT_STEP * node);
    }

    String issuer() {
        return "http://127.0.0.1:" + authPort;
    }

    String eventsJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/agentshop_events";
    }

    /** The owner's login of one of the system's databases (the development password of the local stack). */
    Connection connect(Database database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database.name(),
                database.ownerRole(), ROLE_PASSWORD);
    }

    String kafka() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** Every broker of the cluster, as a client's bootstrap list. */
    String kafkaBootstrap() {
        return String.join(",", IntStream.range(0, topology.brokers())
                .mapToObj(node -> "127.0.0.1:" + (kafkaPort + 2 * node)).toList());
    }

    /** The launcher's log so far. */
    Path log() {
        return log;
    }

    /** The JVM serving on {@code port} (the launcher gives each application its port as SERVER_PORT). */
    Optional<ProcessHandle> applicationOn(int port) {
        return launcher.descendants()
                .filter(process -> process.info().commandLine().orElse("").contains(".jar"))
                .filter(process -> environment(process).contains("SERVER_PORT=" + port))
                .findFirst();
    }

    /** Kafka node {@code node} (from 0): a JVM of its own, its node id and port its first arguments. */
    Optional<ProcessHandle> kafkaNode(int node) {
        String arguments = " " + (node + 1) + " " + (kafkaPort + 2 * node) + " ";
        return launcher.descendants()
                .filter(process -> {
                    String commandLine = process.info().commandLine().orElse("");
                    return commandLine.contains("KafkaNode") && commandLine.contains(arguments);
                })
                .findFirst();
    }

    /** PostgreSQL's postmaster, by the pid file in its data directory (pg_ctl detaches it from the launcher). */
    Optional<ProcessHandle> postmaster() {
        try {
            String pid = Files.readAllLines(work.resolve("data/postgres/postmaster.pid")).get(0).trim();
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException notRunning) {
            return Optional.empty();
        }
    }

    /** /proc/pid/environ: NUL-separated NAME=value entries, readable for our own processes. */
    private static List<String> environment(ProcessHandle process) {
        try {
            return List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ")),
                    StandardCharsets.UTF_8).split("\u0000"));
        } catch (IOException | RuntimeException gone) {
            return List.of();
        }
    }

    /**
     * Peak resident memory (VmHWM) of each process of the system so far, in MiB: the launcher JVM, each application
     * JVM and Kafka node (the largest of a kind, when there are several), and the largest PostgreSQL process (with how
     * many there are).
     */
    Map<String, Object> peakMemory() {
        Map<String, Object> peaks = new LinkedHashMap<>();
        peaks.put("launcher", peakMib(launcher.toHandle()));
        for (ProcessHandle process : launcher.descendants().toList()) {
            partOf(process).ifPresent(part -> peaks.merge(part, peakMib(process),
                    (one, other) -> Math.max((Long) one, (Long) other)));
        }
        long postgresPeak = 0;
        int postgresProcesses = 0;
        for (ProcessHandle process : postgresProcesses()) {
            postgresProcesses++;
            postgresPeak = Math.max(postgresPeak, peakMib(process));
        }
        peaks.put("postgres (largest of " + postgresProcesses + " processes)", postgresPeak);
        return peaks;
    }

    /**
     * CPU time used so far (user + system, seconds) by each part of the system: the launcher JVM, each kind of
     * application JVM (the audit witness too) and the Kafka nodes (all nodes of a kind together), and all PostgreSQL
     * processes together; {@code this harness} for the simulated agents.
     */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("launcher", cpuOf(launcher.toHandle()));
        for (ProcessHandle process : launcher.descendants().toList()) {
            partOf(process).ifPresent(part -> cpu.merge(part, cpuOf(process), Double::sum));
        }
        cpu.put("postgres", postgresProcesses().stream().mapToDouble(SystemUnderTest::cpuOf).sum());
        cpu.put(HARNESS, cpuOf(ProcessHandle.current()));
        return cpu;
    }

    /** The key in {@link #cpuSeconds()} of the harness's own CPU (the simulated agents). */
    static final String HARNESS = "this harness";

    /**
     * Whether a key of {@link #readings()} is a process's CPU; the others are a count of a database or a part of some
     * JVM's CPU already counted in its process.
     */
    static boolean isProcess(String key) {
        return !key.startsWith(POSTGRES_COUNTER) && !key.equals(JIT) && !key.equals(RELAY);
    }

    /** The key prefix of PostgreSQL's counters in {@link #readings()}: {@code pg <database> <counter>}. */
    static final String POSTGRES_COUNTER = "pg ";
    /** The key in {@link #readings()} of the CPU seconds the system's JVMs spent in their JIT compiler threads. */
    static final String JIT = "jit compilers of the system's JVMs";
    /** The key in {@link #readings()} of the CPU seconds the edge spent relaying the event store to Kafka. */
    static final String RELAY = "the edge's outbox relay";

    /**
     * {@link #cpuSeconds()}; the part of it the system's JVMs spent compiling (their C1 and C2 compiler threads: on
     * two cores the compilers of six JVMs are busy for minutes, and that CPU is no call's); and for each of the
     * system's databases its committed transactions and rows written (inserted, updated, deleted) so far, from
     * {@code pg_stat_database}: where the database work of a call goes. And the part of the edge's CPU that is its
     * outbox relay (the tracking processor's thread, the event store's reader and the relay's Kafka producer), which
     * no tool call waits for.
     */
    Map<String, Double> readings() {
        Map<String, Double> readings = cpuSeconds();
        double jit = threadSeconds(launcher.toHandle(), SystemUnderTest::isJitCompiler);
        double relay = 0;
        for (ProcessHandle process : launcher.descendants().toList()) {
            jit += threadSeconds(process, SystemUnderTest::isJitCompiler);
            if (partOf(process).filter("mcp-edge"::equals).isPresent()) {
                relay += threadSeconds(process, SystemUnderTest::isRelay);
            }
        }
        readings.put(JIT, jit);
        readings.put(RELAY, relay);
        try (Connection connection = connect(io.agentshop.infra.stack.Database.EVENTS);
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT datname, xact_commit,"
                     + " tup_inserted + tup_updated + tup_deleted FROM pg_stat_database"
                     + " WHERE datname LIKE 'agentshop%'")) {
            while (rows.next()) {
                readings.put(POSTGRES_COUNTER + rows.getString(1) + " commits", (double) rows.getLong(2));
                readings.put(POSTGRES_COUNTER + rows.getString(1) + " rows written", (double) rows.getLong(3));
            }
        } catch (SQLException unavailable) {
            // The counters are a diagnosis; without them the CPU figures still stand.
        }
        return readings;
    }

    private static Optional<String> partOf(ProcessHandle process) {
        String commandLine = process.info().commandLine().orElse("");
        if (commandLine.contains("KafkaNode")) {
            return Optional.of("kafka");
        }
        return Stream.of("mcp-edge", "query-side", "auth-server", "witness")
                .filter(application -> commandLine.contains(application + ".jar")).findFirst();
    }

    /** pg_ctl detaches the postmaster from the launcher: found, with its backends, by the data directory. */
    private List<ProcessHandle> postgresProcesses() {
        List<ProcessHandle> processes = new ArrayList<>();
        String dataDirectory = work.resolve("data").toString();
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            String commandLine = process.info().commandLine().orElse("");
            if (commandLine.contains(dataDirectory) && !commandLine.contains("java")) {
                processes.add(process);
                processes.addAll(process.descendants().toList());
            }
        }
        return processes;
    }

    /** utime + stime from /proc/<pid>/stat, in seconds (clock ticks of 100 Hz, as on Linux by default). */
    private static double cpuOf(ProcessHandle process) {
        return cpuOf(Path.of("/proc", Long.toString(process.pid()), "stat"));
    }

    private static double cpuOf(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** HotSpot names them {@code C1 CompilerThread<n>} and {@code C2 CompilerThread<n>}. */
    private static boolean isJitCompiler(String thread) {
        return thread.startsWith("C1 CompilerThre") || thread.startsWith("C2 CompilerThre");
    }

    /**
     * Axon names the relay's tracking processor {@code EventProcessor[kafka-outbox]-0} (the edge runs no other) and the
     * event store's reader {@code EmbeddedEventStore-<n>}; the relay's producer is the edge's only Kafka producer.
     */
    private static boolean isRelay(String thread) {
        return thread.startsWith("EventProcessor[") || thread.startsWith("EmbeddedEventSt")
                || thread.startsWith("kafka-producer-");
    }

    /**
     * CPU seconds of the JVM's threads whose name passes, from /proc/<pid>/task/<tid>/ (Linux keeps 15 characters of a
     * thread's name).
     */
    private static double threadSeconds(ProcessHandle process, java.util.function.Predicate<String> named) {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        double seconds = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                String name;
                try {
                    name = Files.readString(thread.resolve("comm")).trim();
                } catch (IOException gone) {
                    continue;
                }
                if (named.test(name)) {
                    seconds += cpuOf(thread.resolve("stat"));
                }
            }
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
        return seconds;
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

    /**
     * The log's first errors and its last lines: the cause is usually among the first, while the last show how far
     * the start got and the shutdown after it.
     */
    private String whyNotStarted() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        List<String> errors = lines.stream()
                .filter(line -> line.contains("ERROR") || line.contains("Exception") || line.contains("did not start"))
                .limit(30).toList();
        return String.join("\n", errors) + "\n…\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
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
