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
 * One Kafka node in KRaft mode (broker and controller in this JVM) on a log directory that survives restarts.
 * Topics are never created implicitly: whoever needs one creates it with {@link KafkaTopics}.
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
        Ports.requireFree("Kafka", port);
        Ports.requireFree("Kafka controller", controllerPort);
        Properties config = config(logDirectory, port, controllerPort, defaultPartitions);
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
            format(logDirectory, config);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
            server.startup();
            log.info("Kafka (KRaft) on 127.0.0.1:{} (controller {}), logs in {}", port, controllerPort,
                    logDirectory.toAbsolutePath());
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

    private static Properties config(Path logDirectory, int port, int controllerPort, int defaultPartitions) {
        Properties config = new Properties();
        config.setProperty("process.roles", "broker,controller");
        config.setProperty("node.id", "1");
        config.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.setProperty("controller.listener.names", "CONTROLLER");
        config.setProperty("inter.broker.listener.name", "PLAINTEXT");
        config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.setProperty("log.dirs", logDirectory.toAbsolutePath().toString());
        config.setProperty("num.partitions", Integer.toString(defaultPartitions));
        config.setProperty("auto.create.topics.enable", "false");
        // A single node: internal topics cannot be replicated, and need not be large.
        config.setProperty("offsets.topic.replication.factor", "1");
        config.setProperty("offsets.topic.num.partitions", "10");
        config.setProperty("transaction.state.log.replication.factor", "1");
        config.setProperty("transaction.state.log.min.isr", "1");
        config.setProperty("transaction.state.log.num.partitions", "10");
        config.setProperty("min.insync.replicas", "1");
        config.setProperty("group.initial.rebalance.delay.ms", "0");
        config.setProperty("share.coordinator.state.topic.replication.factor", "1");
        return config;
    }

    /** Formats the log directory unless an earlier start already did (which keeps its cluster id and data). */
    private static void format(Path logDirectory, Properties config) throws IOException {
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
            exitCode = StorageTool.execute(new String[]{"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", configFile.toString()}, print);
        }
        if (exitCode != 0) {
            throw new UncheckedIOException(new IOException("formatting " + logDirectory + " failed: "
                    + output.toString(StandardCharsets.UTF_8).trim()));
        }
    }
}
