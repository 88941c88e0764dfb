package io.agentshop.infra.launcher;

import io.agentshop.infra.stack.StackSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The launcher's settings, each from {@code --name=value} on the command line, else from the environment variable
 * {@code AGENT_SHOP_NAME} (upper case, dashes as underscores), else the default in {@link #DEFAULTS}.
 */
record LauncherSettings(StackSettings stack, int edgePort, int queryPort, int authPort, int witnessPort,
                        int consolePort,
                        Path appsDirectory,
                        List<String> appJvmOptions, Duration startTimeout, int edges, int queryNodes,
                        Restarts restarts) {

    /** Ports of node {@code i} (from 0) of a side step by this from the side's base port: 8080, 8090, … */
    static final int NODE_PORT_STEP = 10;

    /**
     * How the launcher starts again what died: after {@code firstBackoff}, then twice as long each time up to
     * {@code maxBackoff}; after {@code maxFailures} deaths within {@code window} it says so and leaves that one down.
     */
    record Restarts(int maxFailures, Duration window, Duration firstBackoff, Duration maxBackoff) {
    }

    int edgePort(int node) {
        return edgePort + NODE_PORT_STEP * node;
    }

    int queryPort(int node) {
        return queryPort + NODE_PORT_STEP * node;
    }

    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("data-dir", ".agent-shop"),
            Map.entry("postgres-port", Integer.toString(StackSettings.DEFAULT_POSTGRES_PORT)),
            Map.entry("kafka-port", Integer.toString(StackSettings.DEFAULT_KAFKA_PORT)),
            Map.entry("kafka-controller-port", Integer.toString(StackSettings.DEFAULT_KAFKA_PORT + 1)),
            Map.entry("partitions", Integer.toString(StackSettings.DEFAULT_PARTITIONS)),
            Map.entry("edge-port", "8080"),
            Map.entry("query-port", "8081"),
            Map.entry("auth-port", "9000"),
            Map.entry("witness-port", "9100"),
            Map.entry("console-port", "8082"),
            Map.entry("app-jvm-options", "-Xms64m -Xmx512m"),
            Map.entry("start-timeout-seconds", "180"),
            Map.entry("edges", "1"),
            Map.entry("query-nodes", "1"),
            Map.entry("brokers", "1"),
            Map.entry("restart-limit", "5"));

    private static final Set<String> KNOWN = Set.of("data-dir", "postgres-port", "kafka-port",
            "kafka-controller-port", "partitions", "edge-port", "query-port", "auth-port", "app-jvm-options",
            "start-timeout-seconds", "apps-dir", "edges", "query-nodes", "brokers", "restart-limit", "witness-port",
            "console-port");

    static LauncherSettings from(String[] args, Map<String, String> environment) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments look like --name=value, not '" + arg + "'; names: "
                        + String.join(", ", KNOWN.stream().sorted().toList()));
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown setting --" + name + "; known: "
                        + String.join(", ", KNOWN.stream().sorted().toList()));
            }
            given.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        Lookup lookup = new Lookup(given, environment);
        StackSettings stack = new StackSettings(
                Path.of(lookup.get("data-dir")).toAbsolutePath().normalize(),
                lookup.port("postgres-port"), lookup.port("kafka-port"), lookup.port("kafka-controller-port"),
                StackSettings.DEFAULT_EVENTS_TOPIC, lookup.integer("partitions"), StackSettings.DEFAULT_ROLE_PASSWORD,
                lookup.brokers());
        return new LauncherSettings(stack, lookup.port("edge-port"), lookup.port("query-port"), lookup.port("auth-port"),
                lookup.port("witness-port"), lookup.port("console-port"), lookup.appsDirectory(),
                List.of(lookup.get("app-jvm-options").trim().split("\\s+")),
                Duration.ofSeconds(lookup.integer("start-timeout-seconds")),
                lookup.between("edges", 1, 9), lookup.between("query-nodes", 1, 9),
                new Restarts(lookup.between("restart-limit", 1, 100), Duration.ofMinutes(5), Duration.ofSeconds(1),
                        Duration.ofSeconds(30)));
    }

    private record Lookup(Map<String, String> given, Map<String, String> environment) {

        String get(String name) {
            String value = given.get(name);
            if (value == null) {
                value = environment.get("AGENT_SHOP_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            return value != null ? value : DEFAULTS.get(name);
        }

        int integer(String name) {
            String value = get(name);
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'");
            }
        }

        int between(String name, int min, int max) {
            int value = integer(name);
            if (value < min || value > max) {
                throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + ", was "
                        + value);
            }
            return value;
        }

        /** 1, 3 or 5: every node is a KRaft voter, and 2 or 4 voters survive no more losses than 1 or 3 do. */
        int brokers() {
            int brokers = between("brokers", 1, 5);
            if (brokers % 2 == 0) {
                throw new IllegalArgumentException("--brokers must be 1, 3 or 5 (each node is a controller too, and a"
                        + " quorum of " + brokers + " survives no more lost nodes than one of " + (brokers - 1)
                        + "), was " + brokers);
            }
            return brokers;
        }

        int port(String name) {
            int port = integer(name);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--" + name + " must be a TCP port (1-65535), was " + port);
            }
            return port;
        }

        /** By default the folder {@code apps/} beside the launcher jar, where the build copies the applications. */
        Path appsDirectory() {
            String configured = get("apps-dir");
            Path directory;
            if (configured != null) {
                directory = Path.of(configured);
            } else {
                String classPath = System.getProperty("java.class.path", "");
                Path launcherJar = Path.of(classPath.split(java.io.File.pathSeparator)[0]).toAbsolutePath();
                directory = launcherJar.getParent().resolve("apps");
            }
            if (!Files.isRegularFile(directory.resolve("mcp-edge.jar"))
                    || !Files.isRegularFile(directory.resolve("query-side.jar"))
                    || !Files.isRegularFile(directory.resolve("auth-server.jar"))) {
                throw new IllegalArgumentException("no mcp-edge.jar, query-side.jar and auth-server.jar in "
                        + directory.toAbsolutePath()
                        + "; build first (./mvnw -DskipTests package) or pass --apps-dir");
            }
            return directory.toAbsolutePath().normalize();
        }
    }
}
