package io.agentshop.infra.stack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One Kafka node in KRaft mode (broker and controller in this JVM) on a log directory that survives restarts: alone
 * (the tests' stack), or one of a cluster whose nodes each run in a process of their own ({@link KafkaNode}, the local
 * system). Topics are never created implicitly: whoever needs one creates it with {@link KafkaTopics}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDirectory;

    private KafkaBroker(KafkaRaftServer server, int port, Path logDirectory) {
        this.server = server;
        this.port = port;
        this.logDirectory = logDirectory;
    }

    /**
     * Starts the node with its client listener on {@code port} and its controller on {@code controllerPort},
     * formatting {@code logDirectory} the first time.
     */
    public static KafkaBroker start(Path logDirectory, int port, int controllerPort, int defaultPartitions) {
        return start(new Node(1, port, controllerPort, logDirectory, "1@127.0.0.1:" + controllerPort, 1,
                defaultPartitions, Uuid.randomUuid().toString()));
    }

    /**
     * One node of a cluster of {@code node.clusterSize()} (voters and all): with three, internal topics are replicated
     * three times and need two in sync, so one node can die without losing anything acknowledged.
     *
     * @param clusterId the cluster's id, the same for every node; used only the first time a log directory is formatted
     */
    public record Node(int id, int port, int controllerPort, Path logDirectory, String voters, int clusterSize,
                       int defaultPartitions, String clusterId) {
    }

    public static KafkaBroker start(Node node) {
        Path logDirectory = node.logDirectory();
        int port = node.port();
        int controllerPort = node.controllerPort();
        Ports.requireFree("Kafka", port);
        Ports.requireFree("Kafka controller", controllerPort);
        Properties config = config(node);
        // Kafka halts the JVM on a fatal fault, which would skip every shutdown hook and leave PostgreSQL
        // running. In this JVM the broker is a guest: a fault becomes an exception (and an unhealthy broker).
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka fatal fault (halt " + status + "): " + message);
        });
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka fatal fault (exit " + status + "): " + message);
        });
        try {
            Files.createDirectories(logDirectory);
            format(logDirectory, config, node.clusterId());
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
            server.startup();
            log.info("Kafka (KRaft) node {} of {} on 127.0.0.1:{} (controller {}), logs in {}", node.id(),
                    node.clusterSize(), port, controllerPort, logDirectory.toAbsolutePath());
            return new KafkaBroker(server, port, logDirectory);
        } catch (IOException | RuntimeException e) {
            throw new StackStartupException("Kafka did not start on port " + port + " with log directory "
                    + logDirectory.toAbsolutePath() + ": " + PostgresServer.rootMessage(e), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka on port {} stopped", port);
    }

    private static Properties config(Node node) {
        int port = node.port();
        int controllerPort = node.controllerPort();
        // Replicated as widely as the cluster allows, at most three times; two in sync once there are three.
        String replicas = Integer.toString(Math.min(3, node.clusterSize()));
        String inSync = node.clusterSize() >= 3 ? "2" : "1";
        Properties config = new Properties();
        config.setProperty("process.roles", "broker,controller");
        config.setProperty("node.id", Integer.toString(node.id()));
        config.setProperty("controller.quorum.voters", node.voters());
        config.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.setProperty("controller.listener.names", "CONTROLLER");
        config.setProperty("inter.broker.listener.name", "PLAINTEXT");
        config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.setProperty("log.dirs", node.logDirectory().toAbsolutePath().toString());
        config.setProperty("num.partitions", Integer.toString(node.defaultPartitions()));
        config.setProperty("default.replication.factor", replicas);
        config.setProperty("auto.create.topics.enable", "false");
        config.setProperty("offsets.topic.replication.factor", replicas);
        config.setProperty("offsets.topic.num.partitions", "10");
        config.setProperty("transaction.state.log.replication.factor", replicas);
        config.setProperty("transaction.state.log.min.isr", inSync);
        config.setProperty("transaction.state.log.num.partitions", "10");
        config.setProperty("min.insync.replicas", inSync);
        config.setProperty("group.initial.rebalance.delay.ms", "0");
        config.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        // Leadership moves back to a restarted node soon after it caught up, so load spreads again after a fault.
        config.setProperty("leader.imbalance.check.interval.seconds", "30");
        return config;
    }

    /** Formats the log directory unless an earlier start already did (which keeps its cluster id and data). */
    private static void format(Path logDirectory, Properties config, String clusterId) throws IOException {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        Path configFile = logDirectory.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            config.store(out, "Written by Agent Shop's local stack at every start");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[]{"format", "--cluster-id", clusterId,
                    "--config", configFile.toString()}, print);
        }
        if (exitCode != 0) {
            throw new UncheckedIOException(new IOException("formatting " + logDirectory + " failed: "
                    + output.toString(StandardCharsets.UTF_8).trim()));
        }
    }
}
