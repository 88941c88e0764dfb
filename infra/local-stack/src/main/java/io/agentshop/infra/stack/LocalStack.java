package io.agentshop.infra.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The infrastructure of the local system, started in dependency order: PostgreSQL, the databases and roles of each
 * concern (events, read models, audit), the Kafka nodes (each a process of its own, one or a cluster), the events topic.
 * Closing stops them in reverse. PostgreSQL and each Kafka node can be started again alone after they died
 * ({@link #restartPostgres()}, {@link #restartKafkaNode(int)}), on the same data: what a supervisor does.
 */
public final class LocalStack implements AutoCloseable {

    public static final List<Database> DATABASES = List.of(Database.EVENTS, Database.READ_MODELS, Database.AUDIT);
    /** The Kafka nodes' heap: the node holds little beyond its page cache. */
    private static final List<String> KAFKA_JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m");

    private final StackSettings settings;
    private final DatabaseProvisioner provisioner;
    private final String clusterId;
    private volatile PostgresServer postgres;
    private final List<KafkaNodeProcess> kafka;

    private LocalStack(StackSettings settings, PostgresServer postgres, DatabaseProvisioner provisioner,
                       String clusterId, List<KafkaNodeProcess> kafka) {
        this.settings = settings;
        this.postgres = postgres;
        this.provisioner = provisioner;
        this.clusterId = clusterId;
        this.kafka = new ArrayList<>(kafka);
    }

    /** Starts everything or nothing: on a failure, what had started is stopped before the exception leaves. */
    public static LocalStack start(StackSettings settings) {
        // Check every port first, so a clash is reported before anything was started.
        Ports.requireFree("PostgreSQL", settings.postgresPort());
        for (int i = 0; i < settings.brokers(); i++) {
            String name = settings.brokers() == 1 ? "Kafka" : "Kafka node " + (i + 1);
            Ports.requireFree(name, settings.kafkaPort(i));
            Ports.requireFree(name + " controller", settings.kafkaControllerPort(i));
        }
        PostgresServer postgres = PostgresServer.start(postgresDirectory(settings), settings.postgresPort(),
                PostgresServer.Durability.DURABLE);
        List<KafkaNodeProcess> nodes = new ArrayList<>();
        try {
            DatabaseProvisioner provisioner = new DatabaseProvisioner(postgres.superuser(), settings.rolePassword());
            DATABASES.forEach(provisioner::ensure);
            String clusterId = clusterId(settings);
            for (int i = 0; i < settings.brokers(); i++) {
                nodes.add(KafkaNodeProcess.start(node(settings, clusterId, i), KAFKA_JVM_OPTIONS));
            }
            String bootstrap = bootstrapServers(settings);
            awaitCluster(bootstrap, settings.brokers(), nodes);
            KafkaTopics.ensure(bootstrap, settings.eventsTopic(), settings.partitions(),
                    Math.min(3, settings.brokers()));
            return new LocalStack(settings, postgres, provisioner, clusterId, nodes);
        } catch (RuntimeException e) {
            nodes.forEach(KafkaNodeProcess::stop);
            postgres.close();
            throw e;
        }
    }

    /** The owner's login: what migrations use. */
    public DatabaseLogin ownerLogin(Database database) {
        return provisioner.ownerLogin(database);
    }

    /** The login the application runs with. */
    public DatabaseLogin appLogin(Database database) {
        return provisioner.appLogin(database);
    }

    public DatabaseLogin superuser() {
        return postgres.superuser();
    }

    /** Every node's client address, so a client finds the cluster whichever nodes are up. */
    public String bootstrapServers() {
        return bootstrapServers(settings);
    }

    public StackSettings settings() {
        return settings;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** The Kafka node processes, node 1 first. */
    public synchronized List<KafkaNodeProcess> kafkaNodes() {
        return List.copyOf(kafka);
    }

    /** Completes when PostgreSQL's postmaster ends (at once if it is not running). */
    public CompletableFuture<ProcessHandle> postgresExited() {
        Optional<ProcessHandle> postmaster = postgres.postmaster();
        return postmaster.map(ProcessHandle::onExit).orElse(CompletableFuture.completedFuture(null));
    }

    /** PostgreSQL again on its data directory after it died: crash recovery replays its log. */
    public void restartPostgres() {
        // The dead server's handle still holds the data directory's lock in this JVM; closing it gives that back
        // (its stop finds no server, which is what we know already).
        postgres.release();
        PostgresServer.awaitNoBackendsIn(postgresDirectory(settings), Duration.ofSeconds(30));
        postgres = PostgresServer.start(postgresDirectory(settings), settings.postgresPort(),
                PostgresServer.Durability.DURABLE);
    }

    /** Kafka node {@code index} (from 0) again on its log directory after it died; it catches up from the others. */
    public synchronized KafkaNodeProcess restartKafkaNode(int index) {
        KafkaNodeProcess restarted = KafkaNodeProcess.start(node(settings, clusterId, index), KAFKA_JVM_OPTIONS);
        kafka.set(index, restarted);
        return restarted;
    }

    @Override
    public void close() {
        try {
            // All at once: a cluster's last node stopped alone waits for a controller quorum that is already gone.
            List<KafkaNodeProcess> nodes = kafkaNodes();
            nodes.forEach(KafkaNodeProcess::requestStop);
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).stop();
            }
        } finally {
            postgres.close();
        }
    }

    private static Path postgresDirectory(StackSettings settings) {
        return settings.dataDirectory().resolve("postgres");
    }

    private static KafkaBroker.Node node(StackSettings settings, String clusterId, int index) {
        String voters = String.join(",", IntStream.range(0, settings.brokers())
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + settings.kafkaControllerPort(i)).toList());
        Path logDirectory = settings.brokers() == 1 ? settings.dataDirectory().resolve("kafka")
                : settings.dataDirectory().resolve("kafka-" + settings.brokers() + "-nodes").resolve("node-" + (index + 1));
        return new KafkaBroker.Node(index + 1, settings.kafkaPort(index), settings.kafkaControllerPort(index),
                logDirectory, voters, settings.brokers(), settings.partitions(), clusterId);
    }

    /**
     * The cluster's id, the same for every node and every start, kept beside the nodes' log directories. A single node
     * keeps {@code kafka/} (as data directories of earlier builds have it); a cluster of N its own
     * {@code kafka-N-nodes/}, so one is never mistaken for the other (their metadata quorums differ).
     */
    private static String clusterId(StackSettings settings) {
        Path file = settings.brokers() == 1 ? settings.dataDirectory().resolve("kafka-cluster-id")
                : settings.dataDirectory().resolve("kafka-" + settings.brokers() + "-nodes").resolve("cluster-id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(file.getParent());
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the Kafka cluster id in " + file, e);
        }
    }

    private static String bootstrapServers(StackSettings settings) {
        return String.join(",", IntStream.range(0, settings.brokers())
                .mapToObj(i -> "127.0.0.1:" + settings.kafkaPort(i)).toList());
    }

    /** Until every node serves as a broker of the cluster, or one of them died while starting. */
    private static void awaitCluster(String bootstrap, int brokers, List<KafkaNodeProcess> nodes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            while (true) {
                for (KafkaNodeProcess node : nodes) {
                    if (!node.isAlive()) {
                        throw new StackStartupException(node.name() + " exited while starting; its log is above");
                    }
                }
                try {
                    if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() >= brokers) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    // asked again below, until the deadline
                }
                if (System.nanoTime() > deadline) {
                    throw new StackStartupException("the Kafka nodes did not form a cluster of " + brokers
                            + " within 90 s; their logs are above");
                }
                Thread.sleep(200); // nodes join the quorum in their own time; only asking again tells
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartupException("interrupted while the Kafka nodes started", e);
        }
    }
}
