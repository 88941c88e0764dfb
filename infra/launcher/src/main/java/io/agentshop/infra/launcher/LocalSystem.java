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
 * The whole local system in one command: PostgreSQL and Kafka (one node or a cluster), then the development
 * authorization server, the query side and the MCP edge (one node each or several), each as its own process. Once up,
 * it supervises them: whatever dies is started again ({@link Supervisor}). Ctrl-C or SIGTERM stops everything in
 * reverse order; a failed start stops what had started and exits non-zero with one line that says why. Killed with
 * SIGKILL, it takes its applications and Kafka nodes with it (they watch it), and the next start stops the PostgreSQL
 * it left behind.
 */
public final class LocalSystem {

    private static final Logger log = LoggerFactory.getLogger(LocalSystem.class);

    /** Exit code for a problem the person at the keyboard can fix (a taken port, a bad setting). */
    static final int EXIT_FIXABLE = 2;
    static final int EXIT_FAILED = 1;

    private final LauncherSettings settings;
    private final List<ApplicationNode> applications = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Supervisor supervisor;
    private LauncherLock lock;
    private LocalStack stack;
    private boolean stopping;

    LocalSystem(LauncherSettings settings) {
        this.settings = settings;
        this.supervisor = new Supervisor(settings.restarts(), java.time.Clock.systemUTC());
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
        StackSettings stackSettings = settings.stack();
        LauncherLock.awaitJvmsOfKilledLauncher(stackSettings.dataDirectory(), Duration.ofSeconds(60));
        // Every port is checked before anything starts (even the data directory), so a clash costs nothing.
        for (int i = 0; i < settings.edges(); i++) {
            Ports.requireFree(settings.edges() == 1 ? "MCP edge" : "MCP edge node " + (i + 1), settings.edgePort(i));
        }
        for (int i = 0; i < settings.queryNodes(); i++) {
            Ports.requireFree(settings.queryNodes() == 1 ? "query side" : "query side node " + (i + 1),
                    settings.queryPort(i));
        }
        Ports.requireFree("authorization server", settings.authPort());
        Ports.requireFree("audit witness", settings.witnessPort());
        Ports.requireFree("console", settings.consolePort());
        lock = LauncherLock.take(stackSettings.dataDirectory());
        synchronized (this) {
            if (stopping) {
                return;
            }
            stack = LocalStack.start(stackSettings);
        }
        Instant deadline = Instant.now().plus(settings.startTimeout());
        ApplicationNode auth = launch("auth-server", "auth-server", settings.authPort(), authEnvironment());
        AuditTrust trust = AuditTrust.in(stackSettings.dataDirectory());
        ApplicationNode witness = launch("witness", "witness", settings.witnessPort(), witnessEnvironment(trust));
        // The audit database is migrated by its owner in a process of its own, so the long-running query side
        // holds only the INSERT/SELECT login.
        ApplicationProcess.runTask("query-side", settings.appsDirectory().resolve("query-side.jar"), "migrate-audit",
                settings.appJvmOptions(), auditMigrationEnvironment(), Duration.ofMinutes(2));
        List<ApplicationNode> queries = new ArrayList<>();
        for (int i = 0; i < settings.queryNodes(); i++) {
            queries.add(launch(queryName(i), "query-side", settings.queryPort(i), queryEnvironment(trust)));
        }
        List<ApplicationNode> edges = new ArrayList<>();
        for (int i = 0; i < settings.edges(); i++) {
            edges.add(launch(edgeName(i), "mcp-edge", settings.edgePort(i), edgeEnvironment(i)));
        }
        auth.awaitReady(deadline);
        // The console reads the authorization server's metadata when it starts, so it starts once that answers.
        ApplicationNode console = launch("console", "console", settings.consolePort(), consoleEnvironment(trust));
        witness.awaitReady(deadline);
        queries.forEach(node -> node.awaitReady(deadline));
        edges.forEach(node -> node.awaitReady(deadline));
        console.awaitReady(deadline);
        supervisor.watch(StackNodes.postgres(stack));
        for (int i = 0; i < stackSettings.brokers(); i++) {
            supervisor.watch(StackNodes.kafka(stack, i));
        }
        applications.forEach(supervisor::watch);
        report(Duration.between(began, Instant.now()), edges, queries, auth, witness, console, trust);
    }

    private String edgeName(int node) {
        return settings.edges() == 1 ? "mcp-edge" : "mcp-edge-" + (node + 1);
    }

    private String queryName(int node) {
        return settings.queryNodes() == 1 ? "query-side" : "query-side-" + (node + 1);
    }

    private ApplicationNode launch(String name, String application, int port, Map<String, String> environment) {
        synchronized (this) {
            if (stopping) {
                throw new IllegalStateException("stopping; " + name + " not started");
            }
            ApplicationNode node = ApplicationNode.start(name, settings.appsDirectory().resolve(application + ".jar"),
                    port, settings.appJvmOptions(), environment);
            applications.add(node);
            return node;
        }
    }

    /** The development authorization server: demo users, and tokens whose audiences are this system's ports. */
    private Map<String, String> authEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        environment.put("AGENTSHOP_AUTH_ISSUER", issuer());
        List<String> resources = new ArrayList<>(edgeAudiences());
        resources.add(queryBase());
        environment.put("AGENTSHOP_AUTH_RESOURCES", String.join(",", resources));
        environment.put("AGENTSHOP_AUTH_AGENT_RESOURCES", String.join(",",
                edgeAudiences().stream().filter(audience -> audience.endsWith("/mcp")).toList()));
        environment.put("AGENTSHOP_AUTH_DEFAULT_RESOURCE", edgeBase(0) + "/mcp");
        environment.put("AGENTSHOP_AUTH_CONSOLEWEBCLIENT_REDIRECTURIS", String.join(",",
                consoleBase("127.0.0.1") + "/login/oauth2/code/agentshop",
                consoleBase("localhost") + "/login/oauth2/code/agentshop"));
        // Consents are reported to the first edge node; if it is down, an agent is admitted on its first call.
        environment.put("AGENTSHOP_AUTH_CONSENT_RECORDER_URL", edgeBase(0) + "/internal/consents");
        environment.put("AGENTSHOP_AUTH_CONSENT_RECORDER_AUDIENCE", edgeBase(0));
        // The benchmark asks for shoppers of its own (one user per simulated agent).
        String shoppers = System.getenv("AGENTSHOP_AUTH_SHOPPERS");
        if (shoppers != null) {
            environment.put("AGENTSHOP_AUTH_SHOPPERS", shoppers);
        }
        return environment;
    }

    /**
     * The edge trusts the local issuer for the audiences of every edge node (under both of their names: a token got
     * for one node serves at any), and reads from the query side as itself, from its own query node first and from the
     * others when that one does not answer.
     */
    private Map<String, String> edgeEnvironment(int node) {
        Map<String, String> environment = commonEnvironment();
        DatabaseLogin events = stack.ownerLogin(Database.EVENTS);
        environment.put("SPRING_DATASOURCE_URL", events.jdbcUrl());
        environment.put("SPRING_DATASOURCE_USERNAME", events.username());
        environment.put("SPRING_DATASOURCE_PASSWORD", events.password());
        environment.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI", issuer());
        environment.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES", String.join(",", edgeAudiences()));
        environment.put("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_AGENTSHOP_TOKENURI", issuer() + "/token");
        List<String> queryNodes = new ArrayList<>();
        for (int i = 0; i < settings.queryNodes(); i++) {
            queryNodes.add("http://127.0.0.1:" + settings.queryPort((node + i) % settings.queryNodes()));
        }
        environment.put("AGENTSHOP_QUERYSIDE_URL", String.join(",", queryNodes));
        environment.put("AGENTSHOP_QUERYSIDE_RESOURCE", queryBase());
        environment.put("AGENTSHOP_MCP_RESOURCE", edgeBase(node) + "/mcp");
        environment.put("AGENTSHOP_MCP_AUTHORIZATIONSERVERS", issuer());
        environment.put("AGENTSHOP_MCP_CONSOLEURL", consoleBase("127.0.0.1"));
        return environment;
    }

    /**
     * The console signs people in at the local issuer and calls the first edge node and the first query node with
     * each person's token; it checks audit proofs with the same keys the query side's verifier trusts.
     */
    private Map<String, String> consoleEnvironment(AuditTrust trust) {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        environment.put("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_AGENTSHOP_ISSUERURI", issuer());
        environment.put("AGENTSHOP_CONSOLE_EDGEURL", edgeBase(0));
        environment.put("AGENTSHOP_CONSOLE_EDGERESOURCE", edgeBase(0));
        environment.put("AGENTSHOP_CONSOLE_QUERYURL", queryBase());
        environment.put("AGENTSHOP_CONSOLE_QUERYRESOURCE", queryBase());
        environment.put("AGENTSHOP_CONSOLE_LOGKEYS", trust.logKey().toString());
        environment.put("AGENTSHOP_CONSOLE_WITNESSKEYS", trust.witnessKey().toString());
        return environment;
    }

    private String consoleBase(String host) {
        return "http://" + host + ":" + settings.consolePort();
    }

    private String issuer() {
        return "http://127.0.0.1:" + settings.authPort();
    }

    private String edgeBase(int node) {
        return "http://127.0.0.1:" + settings.edgePort(node);
    }

    /**
     * Every edge node's MCP endpoint and base URI, under 127.0.0.1 and under localhost (a client that was given
     * {@code localhost} is told so by the protected resource metadata, and its tokens name it so).
     */
    private List<String> edgeAudiences() {
        List<String> audiences = new ArrayList<>();
        for (int i = 0; i < settings.edges(); i++) {
            for (String host : List.of("127.0.0.1", "localhost")) {
                String base = "http://" + host + ":" + settings.edgePort(i);
                audiences.add(base + "/mcp");
                audiences.add(base);
            }
        }
        return audiences;
    }

    /** The query side's resource: one name for all its nodes, the first node's URI. */
    private String queryBase() {
        return "http://127.0.0.1:" + settings.queryPort(0);
    }

    /** The witness keeps its key and what it cosigned in its own directory, apart from the audit database. */
    private Map<String, String> witnessEnvironment(AuditTrust trust) {
        Map<String, String> environment = new HashMap<>();
        environment.put("AGENTSHOP_WITNESS_PORT", Integer.toString(settings.witnessPort()));
        environment.put("AGENTSHOP_WITNESS_NAME", AuditTrust.WITNESS_NAME);
        environment.put("AGENTSHOP_WITNESS_KEY_FILE", trust.witnessKeyFile().toString());
        environment.put("AGENTSHOP_WITNESS_STATE_DIR", trust.witnessStateDirectory().toString());
        environment.put("AGENTSHOP_WITNESS_LOGS", trust.logKey().toString());
        return environment;
    }

    private String witnessBase() {
        return "http://127.0.0.1:" + settings.witnessPort();
    }

    private Map<String, String> queryEnvironment(AuditTrust trust) {
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
        environment.put("AGENTSHOP_AUDIT_SIGNING_KEY_FILE", trust.logKeyFile().toString());
        // What the verifier trusts is given, not read from the audit database: the log's public key, the witness.
        environment.put("AGENTSHOP_AUDIT_TRUST_ORIGIN", AuditTrust.ORIGIN);
        environment.put("AGENTSHOP_AUDIT_TRUST_LOGKEYS", trust.logKey().toString());
        environment.put("AGENTSHOP_AUDIT_TRUST_WITNESSURL", witnessBase());
        environment.put("AGENTSHOP_AUDIT_TRUST_WITNESSKEYS", trust.witnessKey().toString());
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

    private void report(Duration took, List<ApplicationNode> edges, List<ApplicationNode> queries,
                        ApplicationNode auth, ApplicationNode witness, ApplicationNode console, AuditTrust trust) {
        StackSettings stackSettings = settings.stack();
        StringBuilder banner = new StringBuilder("\n\nAgent Shop is up (")
                .append(String.format("%.1f", took.toMillis() / 1000.0)).append(" s).\n");
        for (ApplicationNode edge : edges) {
            banner.append(String.format("  %-13s%s/mcp   health %s/actuator/health%n", edge.name(), edge.baseUri(),
                    edge.baseUri()));
        }
        for (ApplicationNode query : queries) {
            banner.append(String.format("  %-13s%s   health %s/actuator/health%n", query.name(), query.baseUri(),
                    query.baseUri()));
        }
        banner.append(String.format("  %-13s%s   sign in as customer1, admin, auditor or analyst (password demo)%n",
                        "console", console.baseUri()))
                .append(String.format("  %-13s%s   discovery %s/.well-known/oauth-authorization-server%n", "auth server",
                        auth.baseUri(), auth.baseUri()))
                .append(String.format("  %-13s%s   audit log %s, key %s%n", "witness", witness.baseUri(),
                        AuditTrust.ORIGIN, trust.witnessKey()))
                .append(String.format("  %-13s127.0.0.1:%d   databases %s, %s, %s%n", "PostgreSQL",
                        stackSettings.postgresPort(), Database.EVENTS.name(), Database.READ_MODELS.name(),
                        Database.AUDIT.name()))
                .append(String.format("  %-13s%s   topic %s (%d partitions, %d %s)%n", "Kafka", stack.bootstrapServers(),
                        stackSettings.eventsTopic(), stackSettings.partitions(), stackSettings.brokers(),
                        stackSettings.brokers() == 1 ? "node" : "nodes"))
                .append(String.format("  %-13s%s  (delete it to start from scratch)%n", "data",
                        stackSettings.dataDirectory()))
                .append("Whatever dies is started again. Press Ctrl-C to stop.");
        log.info(banner.toString());
        log.info(supervisor.status());
    }

    /** Stops whatever runs, applications first, then Kafka, then PostgreSQL. Safe to call more than once. */
    void stop() {
        List<ApplicationNode> running;
        LocalStack runningStack;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            running = new ArrayList<>(applications);
            runningStack = stack;
        }
        supervisor.stopping();
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
            if (lock != null) {
                lock.release();
            }
            stopped.countDown();
        }
    }

    private static void stopQuietly(ApplicationNode application) {
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
