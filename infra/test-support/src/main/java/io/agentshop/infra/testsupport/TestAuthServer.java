package io.agentshop.infra.testsupport;

import io.agentshop.infra.stack.ApplicationProcess;
import io.agentshop.infra.stack.DevelopmentLogin;
import io.agentshop.infra.stack.Ports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The development authorization server, run from its own jar in a child JVM once per test JVM (as the launcher runs
 * it), for tests of an application that trusts its tokens. Its resource allow-list and consent reports name the edge
 * under test at {@link #edgePort()}, chosen here, so the edge must listen there. The jar's path comes from the system
 * property {@value #JAR}, set by the module's build.
 */
public final class TestAuthServer {

    public static final String JAR = "agentshop.test.auth-server-jar";

    private static TestAuthServer shared;

    private final ApplicationProcess process;
    private final int edgePort;
    private final int querySidePort;

    private TestAuthServer(ApplicationProcess process, int edgePort, int querySidePort) {
        this.process = process;
        this.edgePort = edgePort;
        this.querySidePort = querySidePort;
    }

    public static synchronized TestAuthServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.process::stop, "test-auth-server-shutdown"));
        }
        return shared;
    }

    private static TestAuthServer start() {
        String jar = System.getProperty(JAR);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no authorization server jar at " + JAR + "=" + jar
                    + "; build with the reactor (./mvnw verify, or -pl <module> -am) so it is copied first");
        }
        int port = Ports.anyFree();
        int edgePort = Ports.anyFree();
        int querySidePort = Ports.anyFree();
        String issuer = "http://127.0.0.1:" + port;
        String edge = "http://127.0.0.1:" + edgePort;
        String edgeByName = "http://localhost:" + edgePort;
        Map<String, String> environment = Map.of(
                "SPRING_PROFILES_ACTIVE", "local",
                "AGENTSHOP_AUTH_ISSUER", issuer,
                "AGENTSHOP_AUTH_RESOURCES", String.join(",", edge + "/mcp", edgeByName + "/mcp", edge, edgeByName,
                        "http://127.0.0.1:" + querySidePort),
                "AGENTSHOP_AUTH_AGENT_RESOURCES", edge + "/mcp," + edgeByName + "/mcp",
                "AGENTSHOP_AUTH_DEFAULT_RESOURCE", edge + "/mcp",
                "AGENTSHOP_AUTH_CONSENT_RECORDER_URL", edge + "/internal/consents",
                "AGENTSHOP_AUTH_CONSENT_RECORDER_AUDIENCE", edge,
                // Every test registers its own agents: far more than the development cap of 20 a minute.
                "AGENTSHOP_AUTH_REGISTRATION_PERMINUTE", "10000",
                "AGENTSHOP_AUTH_REGISTRATION_PERADDRESSPERMINUTE", "10000",
                "AGENTSHOP_AUTH_REGISTRATION_MAXCLIENTS", "10000");
        ApplicationProcess process = ApplicationProcess.start("auth-server", Path.of(jar), port,
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), environment);
        try {
            process.awaitHealthy(Instant.now().plus(Duration.ofSeconds(90)));
        } catch (RuntimeException notStarted) {
            process.stop();
            throw notStarted;
        }
        return new TestAuthServer(process, edgePort, querySidePort);
    }

    public String issuer() {
        return process.baseUri().toString();
    }

    /** The port the edge under test listens on: the only edge this server issues tokens for and reports consents to. */
    public int edgePort() {
        return edgePort;
    }

    /** The edge's MCP resource URI, the default audience of agents' tokens. */
    public String edgeResource() {
        return "http://127.0.0.1:" + edgePort + "/mcp";
    }

    /** The edge's MCP resource URI as a client that reached it as {@code localhost} names it. */
    public String edgeResourceByName() {
        return "http://localhost:" + edgePort + "/mcp";
    }

    /** The edge's base URI as a client that reached it as {@code localhost} names it. */
    public String edgeBaseByName() {
        return "http://localhost:" + edgePort;
    }

    /** The edge's base URI, the audience of the console's tokens for the controls. */
    public String edgeBase() {
        return "http://127.0.0.1:" + edgePort;
    }

    /** The query side's resource URI, the audience of the edge's own tokens. */
    public String querySideResource() {
        return "http://127.0.0.1:" + querySidePort;
    }

    public DevelopmentLogin client() {
        return new DevelopmentLogin(issuer());
    }
}
