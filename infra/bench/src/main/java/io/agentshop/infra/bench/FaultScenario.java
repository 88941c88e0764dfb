package io.agentshop.infra.bench;

import io.agentshop.infra.stack.Database;
import io.agentshop.infra.stack.Ports;
import io.agentshop.infra.stack.StackSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One fault the suite injects: which process of the running system gets SIGKILL, and how to tell that the launcher
 * started it again. Each needs the topology the suite runs (two edges, two query nodes, three brokers).
 */
enum FaultScenario {

    /** An edge node that does not hold the outbox relay: its agents' calls fail over to the other edge. */
    EDGE_NODE("edge-node") {
        @Override
        Victim victim(SystemUnderTest system) throws Exception {
            long relay = relayHolder(system);
            for (int node = 0; node < system.topology.edges(); node++) {
                int port = system.edgePort + SystemUnderTest.Topology.NODE_PORT_STEP * node;
                ProcessHandle edge = system.applicationOn(port).orElseThrow();
                if (edge.pid() != relay) {
                    return application(system, "mcp-edge node " + (node + 1), port, edge);
                }
            }
            throw new IllegalStateException("every edge node holds the relay?");
        }
    },

    /** A query node: the other takes its partitions over; the edges ask the other for reads. */
    QUERY_NODE("query-node") {
        @Override
        Victim victim(SystemUnderTest system) {
            int port = system.queryPort + SystemUnderTest.Topology.NODE_PORT_STEP;
            return application(system, "query-side node 2", port, system.applicationOn(port).orElseThrow());
        }
    },

    /** The edge node whose outbox relay publishes to Kafka: another node claims the relay's token. */
    RELAY_NODE("relay-node") {
        @Override
        Victim victim(SystemUnderTest system) throws Exception {
            long relay = relayHolder(system);
            for (int node = 0; node < system.topology.edges(); node++) {
                int port = system.edgePort + SystemUnderTest.Topology.NODE_PORT_STEP * node;
                if (system.applicationOn(port).map(ProcessHandle::pid).orElse(-1L) == relay) {
                    return application(system, "mcp-edge node " + (node + 1) + " (relay)", port,
                            ProcessHandle.of(relay).orElseThrow());
                }
            }
            throw new IllegalStateException("no edge node holds the relay (owner pid " + relay + ")");
        }
    },

    /** PostgreSQL (the postmaster): every store is gone until it has recovered from its write-ahead log. */
    POSTGRES("postgres") {
        @Override
        Victim victim(SystemUnderTest system) {
            ProcessHandle postmaster = system.postmaster().orElseThrow();
            return new Victim("postgres", postmaster, () -> system.postmaster()
                    .filter(again -> again.pid() != postmaster.pid())
                    .map(again -> answers(system))
                    .orElse(false));
        }
    },

    /** The Kafka broker leading partition 0 of the events topic: writes go on with two in-sync replicas. */
    KAFKA_BROKER("kafka-broker") {
        @Override
        Victim victim(SystemUnderTest system) throws Exception {
            int leader;
            try (Admin admin = admin(system)) {
                TopicDescription topic = admin.describeTopics(List.of(StackSettings.DEFAULT_EVENTS_TOPIC))
                        .allTopicNames().get(30, TimeUnit.SECONDS).get(StackSettings.DEFAULT_EVENTS_TOPIC);
                leader = topic.partitions().get(0).leader().id();
            }
            int index = leader - 1;
            ProcessHandle node = system.kafkaNode(index).orElseThrow();
            int port = system.kafkaPort + 2 * index;
            // Listening again, and in the cluster: the dead node stays listed until its session expires, so the
            // cluster's size alone would say "back" too early.
            return new Victim("kafka node " + leader + " (leader of partition 0)", node, () -> system.kafkaNode(index)
                    .filter(again -> again.pid() != node.pid())
                    .map(again -> !Ports.isFree(port) && clusterComplete(system))
                    .orElse(false));
        }
    };

    /** The process to kill, and a check that says true once its successor serves. */
    record Victim(String name, ProcessHandle process, Check isBack) {
    }

    interface Check {
        boolean holds();
    }

    /** One client for every health poll: on Java 17 a client cannot be closed, and each one keeps threads. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String id;

    FaultScenario(String id) {
        this.id = id;
    }

    abstract Victim victim(SystemUnderTest system) throws Exception;

    static FaultScenario byId(String id) {
        return Arrays.stream(values()).filter(scenario -> scenario.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fault scenario '" + id + "'; there are "
                        + Arrays.stream(values()).map(scenario -> scenario.id).toList()));
    }

    /**
     * The pid of the edge process holding the outbox relay's token: Axon's JDBC token store names its owner
     * {@code pid@host} (the JVM's runtime name).
     */
    static long relayHolder(SystemUnderTest system) throws Exception {
        try (Connection events = system.connect(Database.EVENTS); Statement statement = events.createStatement();
             ResultSet rows = statement.executeQuery("SELECT owner FROM tokenentry"
                     + " WHERE processorname = 'kafka-outbox' AND owner IS NOT NULL")) {
            if (!rows.next()) {
                throw new IllegalStateException("no edge node holds the relay's token");
            }
            return Long.parseLong(rows.getString(1).split("@")[0]);
        }
    }

    private static Victim application(SystemUnderTest system, String name, int port, ProcessHandle process) {
        return new Victim(name, process, () -> system.applicationOn(port)
                .filter(again -> again.pid() != process.pid())
                .map(again -> healthy(port))
                .orElse(false));
    }

    private static boolean healthy(int port) {
        try {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"UP\"");
        } catch (Exception notYet) {
            return false;
        }
    }

    private static boolean answers(SystemUnderTest system) {
        try (Connection connection = system.connect(Database.EVENTS); Statement statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (Exception notYet) {
            return false;
        }
    }

    private static boolean clusterComplete(SystemUnderTest system) {
        try (Admin admin = admin(system)) {
            return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() == system.topology.brokers();
        } catch (Exception notYet) {
            return false;
        }
    }

    private static Admin admin(SystemUnderTest system) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000));
    }
}
