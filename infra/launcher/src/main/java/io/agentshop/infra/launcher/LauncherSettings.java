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
record LauncherSettings(StackSettings stack, int edgePort, int queryPort, int authPort, Path appsDirectory,
                        List<String> appJvmOptions, Duration startTimeout) {

    static final Map<String, String> DEFAULTS = Map.of(
            "data-dir", ".agent-shop",
            "postgres-port", Integer.toString(StackSettings.DEFAULT_POSTGRES_PORT),
            "kafka-port", Integer.toString(StackSettings.DEFAULT_KAFKA_PORT),
            "kafka-controller-port", Integer.toString(StackSettings.DEFAULT_KAFKA_PORT + 1),
            "partitions", Integer.toString(StackSettings.DEFAULT_PARTITIONS),
            "edge-port", "8080",
            "query-port", "8081",
            "auth-port", "9000",
            "app-jvm-options", "-Xms64m -Xmx512m",
            "start-timeout-seconds", "180");

    private static final Set<String> KNOWN = Set.of("data-dir", "postgres-port", "kafka-port",
            "kafka-controller-port", "partitions", "edge-port", "query-port", "auth-port", "app-jvm-options",
            "start-timeout-seconds", "apps-dir");

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
                StackSettings.DEFAULT_EVENTS_TOPIC, lookup.integer("partitions"), StackSettings.DEFAULT_ROLE_PASSWORD);
        return new LauncherSettings(stack, lookup.port("edge-port"), lookup.port("query-port"), lookup.port("auth-port"),
                lookup.appsDirectory(),
                List.of(lookup.get("app-jvm-options").trim().split("\\s+")),
                Duration.ofSeconds(lookup.integer("start-timeout-seconds")));
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
