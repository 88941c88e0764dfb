package io.agentshop.infra.launcher;

import io.agentshop.infra.stack.ApplicationProcess;
import io.agentshop.infra.stack.Database;
import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.stack.LocalStack;
import io.agentshop.infra.stack.Ports;
import io.agentshop.infra.stack.StackSettings;
import io.agentshop.infra.stack.StackStartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole local system in one command: PostgreSQL and Kafka, then the development authorization server, the query
 * side and the MCP edge, each as its own JVM. Ctrl-C or SIGTERM stops everything in reverse order; a failed start stops what had started and exits
 * non-zero with one line that says why.
 */
public final class LocalSystem {

    private static final Logger log = LoggerFactory.getLogger(LocalSystem.class);

    /** Exit code for a problem the person at the keyboard can fix (a taken port, a bad setting). */
    static final int EXIT_FIXABLE = 2;
    static final int EXIT_FAILED = 1;

    private final LauncherSettings settings;
    private final List<ApplicationProcess> applications = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private LocalStack stack;
    private boolean stopping;

    LocalSystem(LauncherSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("demo")) {
            ShopStory.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        LauncherSettings settings;
        try {
            settings = LauncherSettings.from(args, System.getenv());
        } catch (IllegalArgumentException e) {
            log.error("Agent Shop did not start: {}", e.getMessage());
            System.exit(EXIT_FIXABLE);
            return;
        }
        LocalSystem system = new LocalSystem(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(system::stop, "agent-shop-shutdown"));
        try {
            system.start();
        } catch (StackStartupException e) {
            log.error("Agent Shop did not start: {}", e.getMessage());
            system.stop();
            System.exit(EXIT_FIXABLE);
        } catch (RuntimeException e) {
            log.error("Agent Shop did not start: {}", e.getMessage(), e);
            system.stop();
            System.exit(EXIT_FAILED);
        }
        system.awaitStopped();
    }

    void start() {
        Instant began = Instant.now();
        // Every port is checked before anything starts, so a clash costs nothing to clean up.
        Ports.requireFree("MCP edge", settings.edgePort());
        Ports.requireFree("query side", settings.queryPort());
        Ports.requireFree("authorization server", settings.authPort());
        StackSettings stackSettings = settings.stack();
        synchronized (this) {
            if (stopping) {
                return;
            }
            stack = LocalStack.start(stackSettings);
        }
        Instant deadline = Instant.now().plus(settings.startTimeout());
        ApplicationProcess auth = launch("auth-server", settings.authPort(), authEnvironment());
        // The audit database is migrated by its owner in a process of its own, so the long-running query side
        // holds only the INSERT/SELECT login.
        ApplicationProcess.runTask("query-side", settings.appsDirectory().resolve("query-side.jar"), "migrate-audit",
                settings.appJvmOptions(), auditMigrationEnvironment(), Duration.ofMinutes(2));
        ApplicationProcess query = launch("query-side", settings.queryPort(), queryEnvironment());
        ApplicationProcess edge = launch("mcp-edge", settings.edgePort(), edgeEnvironment());
        auth.awaitHealthy(deadline);
        query.awaitHealthy(deadline);
        edge.awaitHealthy(deadline);
        report(Duration.between(began, Instant.now()), edge, query, auth);
    }

    private ApplicationProcess launch(String name, int port, Map<String, String> environment) {
        synchronized (this) {
            if (stopping) {
                throw new IllegalStateException("stopping; " + name + " not started");
            }
            ApplicationProcess application = ApplicationProcess.start(name,
                    settings.appsDirectory().resolve(name + ".jar"), port, settings.appJvmOptions(), environment);
            applications.add(application);
            return application;
        }
    }

    /** The development authorization server: demo users, and tokens whose audiences are this system's ports. */
    private Map<String, String> authEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        environment.put("AGENTSHOP_AUTH_ISSUER", issuer());
        String edge = edgeBase();
        String edgeByName = edgeBaseByName();
        environment.put("AGENTSHOP_AUTH_RESOURCES", String.join(",", edge + "/mcp", edgeByName + "/mcp", edge,
                edgeByName, queryBase()));
        environment.put("AGENTSHOP_AUTH_AGENT_RESOURCES", edge + "/mcp," + edgeByName + "/mcp");
        environment.put("AGENTSHOP_AUTH_DEFAULT_RESOURCE", edge + "/mcp");
        environment.put("AGENTSHOP_AUTH_CONSENT_RECORDER_URL", edge + "/internal/consents");
        environment.put("AGENTSHOP_AUTH_CONSENT_RECORDER_AUDIENCE", edge);
        // The benchmark asks for shoppers of its own (one user per simulated agent).
        String shoppers = System.getenv("AGENTSHOP_AUTH_SHOPPERS");
        if (shoppers != null) {
            environment.put("AGENTSHOP_AUTH_SHOPPERS", shoppers);
        }
        return environment;
    }

    /** The edge trusts the local issuer for its own audiences (under both of its names), and reads from the query side as itself. */
    private Map<String, String> edgeEnvironment() {
        Map<String, String> environment = commonEnvironment();
        DatabaseLogin events = stack.ownerLogin(Database.EVENTS);
        environment.put("SPRING_DATASOURCE_URL", events.jdbcUrl());
        environment.put("SPRING_DATASOURCE_USERNAME", events.username());
        environment.put("SPRING_DATASOURCE_PASSWORD", events.password());
        environment.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI", issuer());
        environment.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES", String.join(",", edgeBase() + "/mcp",
                edgeBase(), edgeBaseByName() + "/mcp", edgeBaseByName()));
        environment.put("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_AGENTSHOP_TOKENURI", issuer() + "/token");
        environment.put("AGENTSHOP_QUERYSIDE_URL", queryBase());
        environment.put("AGENTSHOP_QUERYSIDE_RESOURCE", queryBase());
        environment.put("AGENTSHOP_MCP_RESOURCE", edgeBase() + "/mcp");
        environment.put("AGENTSHOP_MCP_AUTHORIZATIONSERVERS", issuer());
        return environment;
    }

    private String issuer() {
        return "http://127.0.0.1:" + settings.authPort();
    }

    private String edgeBase() {
        return "http://127.0.0.1:" + settings.edgePort();
    }

    /** The edge as a client that was given {@code localhost} reaches it; its tokens name it so. */
    private String edgeBaseByName() {
        return "http://localhost:" + settings.edgePort();
    }

    private String queryBase() {
        return "http://127.0.0.1:" + settings.queryPort();
    }

    private Map<String, String> queryEnvironment() {
        Map<String, String> environment = commonEnvironment();
        DatabaseLogin readModels = stack.ownerLogin(Database.READ_MODELS);
        environment.put("SPRING_DATASOURCE_URL", readModels.jdbcUrl());
        environment.put("SPRING_DATASOURCE_USERNAME", readModels.username());
        environment.put("SPRING_DATASOURCE_PASSWORD", readModels.password());
        DatabaseLogin audit = stack.appLogin(Database.AUDIT);
        environment.put("AGENTSHOP_AUDIT_DATASOURCE_URL", audit.jdbcUrl());
        environment.put("AGENTSHOP_AUDIT_DATASOURCE_USERNAME", audit.username());
        environment.put("AGENTSHOP_AUDIT_DATASOURCE_PASSWORD", audit.password());
        environment.put("AGENTSHOP_AUDIT_MIGRATE_ON_START", "false");
        environment.put("AGENTSHOP_SECURITY_ISSUERURI", issuer());
        environment.put("AGENTSHOP_SECURITY_AUDIENCE", queryBase());
        // The checkpoint signing key lives with the rest of the local data, and survives restarts with it.
        environment.put("AGENTSHOP_AUDIT_SIGNING_KEY_FILE",
                settings.stack().dataDirectory().resolve("audit-signing-key.pk8").toString());
        return environment;
    }

    private Map<String, String> auditMigrationEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        DatabaseLogin audit = stack.appLogin(Database.AUDIT);
        DatabaseLogin auditOwner = stack.ownerLogin(Database.AUDIT);
        environment.put("AGENTSHOP_AUDIT_DATASOURCE_URL", audit.jdbcUrl());
        environment.put("AGENTSHOP_AUDIT_DATASOURCE_USERNAME", audit.username());
        environment.put("AGENTSHOP_AUDIT_OWNER_USERNAME", auditOwner.username());
        environment.put("AGENTSHOP_AUDIT_OWNER_PASSWORD", auditOwner.password());
        return environment;
    }

    private Map<String, String> commonEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        environment.put("AGENTSHOP_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        environment.put("AGENTSHOP_KAFKA_EVENTS_TOPIC", settings.stack().eventsTopic());
        return environment;
    }

    private void report(Duration took, ApplicationProcess edge, ApplicationProcess query, ApplicationProcess auth) {
        StackSettings stackSettings = settings.stack();
        log.info("""

                Agent Shop is up ({} s).
                  MCP edge     {}/mcp   health {}/actuator/health
                  query side   {}   health {}/actuator/health
                  auth server  {}   discovery {}/.well-known/oauth-authorization-server
                  PostgreSQL   127.0.0.1:{}   databases {}, {}, {}
                  Kafka        {}   topic {} ({} partitions)
                  data         {}  (delete it to start from scratch)
                Press Ctrl-C to stop.""",
                String.format("%.1f", took.toMillis() / 1000.0),
                edge.baseUri(), edge.baseUri(), query.baseUri(), query.baseUri(), auth.baseUri(), auth.baseUri(),
                stackSettings.postgresPort(), Database.EVENTS.name(), Database.READ_MODELS.name(),
                Database.AUDIT.name(), stack.bootstrapServers(), stackSettings.eventsTopic(),
                stackSettings.partitions(), stackSettings.dataDirectory());
    }

    /** Stops whatever runs, applications first, then Kafka, then PostgreSQL. Safe to call more than once. */
    void stop() {
        List<ApplicationProcess> running;
        LocalStack runningStack;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            running = new ArrayList<>(applications);
            runningStack = stack;
        }
        try {
            if (!running.isEmpty() || runningStack != null) {
                log.info("Agent Shop stopping");
            }
            // The edge first: it writes events that the query side then reads.
            for (int i = running.size() - 1; i >= 0; i--) {
                stopQuietly(running.get(i));
            }
            if (runningStack != null) {
                runningStack.close();
                log.info("Agent Shop stopped");
            }
        } finally {
            stopped.countDown();
        }
    }

    private static void stopQuietly(ApplicationProcess application) {
        try {
            application.stop();
        } catch (RuntimeException e) {
            log.warn("{} did not stop cleanly: {}", application.name(), e.toString());
        }
    }

    void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
