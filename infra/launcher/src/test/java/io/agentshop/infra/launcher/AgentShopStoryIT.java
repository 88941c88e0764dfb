package io.agentshop.infra.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.infra.stack.DevelopmentLogin;
import io.agentshop.infra.stack.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole local system, started as the README starts it, used as its users use it: the demo's story
 * ({@link ShopStory}: discovery from the 401, registration, PKCE and consent, shopping, a ban, the auditor's view, a
 * revoked agent) checked step by step; a user's and an admin's reads through the edge, which reads from the query side
 * with its own token; and the official TypeScript SDK as a second MCP client.
 */
class AgentShopStoryIT {

    private static final String SHOPPING = "catalog:read orders:read orders:write orders:cancel account:read";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;
    static Launched system;
    static int edgePort;
    static int queryPort;
    static int authPort;

    @BeforeAll
    static void startTheSystem() throws Exception {
        edgePort = Ports.anyFree();
        queryPort = Ports.anyFree();
        authPort = Ports.anyFree();
        system = Launched.start(List.of("--data-dir=" + work.resolve("data"), "--edge-port=" + edgePort,
                "--query-port=" + queryPort, "--auth-port=" + authPort, "--postgres-port=" + Ports.anyFree(),
                "--kafka-port=" + Ports.anyFree(), "--kafka-controller-port=" + Ports.anyFree(), "--partitions=2"),
                work.resolve("system.log"));
        system.awaitUp();
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        if (system != null) {
            system.signal("TERM");
            system.awaitExit();
        }
    }

    @Test
    void anAgentShopsTheAccountIsBannedTheNextOrderIsRefusedAndTheAuditorSeesItAll() {
        ByteArrayOutputStream told = new ByteArrayOutputStream();

        ShopStory.Seen seen = new ShopStory("http://127.0.0.1:" + edgePort, "http://127.0.0.1:" + queryPort,
                new PrintStream(told, true, StandardCharsets.UTF_8)).run();

        // 1. whoami: the user, the agent's client id, the granted scopes, ACTIVE
        assertThat(seen.issuer()).isEqualTo("http://127.0.0.1:" + authPort);
        assertThat(seen.whoami()).containsEntry("userId", "customer1").containsEntry("agentId", seen.agentId())
                .containsEntry("accountMode", "ACTIVE");
        assertThat(seen.whoami().get("scopes").toString()).contains("orders:write", "catalog:read", "account:read");
        // 2. shirts in several sizes; one size M confirmed and read back at once
        assertThat(seen.shirtSkus()).contains("SHIRT-CLASSIC-S", "SHIRT-CLASSIC-M", "SHIRT-CLASSIC-L");
        assertThat(seen.placed()).containsEntry("status", "CONFIRMED");
        assertThat(seen.readBack()).containsEntry("orderId", seen.placed().get("orderId"))
                .containsEntry("userId", "customer1").containsEntry("status", "CONFIRMED");
        // 4. refused for the ban; the stock moved for the first order only
        assertThat(seen.banRefusal()).startsWith("ACCOUNT_BANNED: ");
        assertThat(seen.stockAfter()).isEqualTo(seen.stockBefore() - 1);
        // 5. both attempts with agent, user, tool, outcome and reason; the admin's change; the chain verifies
        assertThat(seen.attempts()).allSatisfy(record -> assertThat(record)
                .containsEntry("userId", "customer1").containsEntry("agentId", seen.agentId())
                .containsEntry("action", "place_order"));
        assertThat(seen.attempts()).anySatisfy(record -> assertThat(record)
                .containsEntry("outcome", "accepted").containsEntry("eventType", "OrderAuthorized"));
        assertThat(seen.attempts()).anySatisfy(record -> assertThat(record)
                .containsEntry("outcome", "refused").containsEntry("reasonCode", "ACCOUNT_BANNED"));
        assertThat(seen.modeChange()).containsEntry("userId", "admin").containsEntry("targetId", "customer1")
                .containsEntry("action", "PUT /controls/admin/accounts/{userId}/mode");
        assertThat(seen.chainIntact()).isTrue();
        // 6. revoked: refused although the token is valid
        assertThat(seen.revokedRefusal()).startsWith("DELEGATION_REVOKED: ");
        assertThat(told.toString(StandardCharsets.UTF_8)).contains("[1] whoami", "[6] ");
    }

    @Test
    void aUserListsTheirAgentsThroughTheEdge() throws Exception {
        String issuer = "http://127.0.0.1:" + authPort;
        String edge = "http://127.0.0.1:" + edgePort;
        DevelopmentLogin browser = new DevelopmentLogin(issuer);
        String agentId = browser.registerPublicClient("Listed agent", SHOPPING.split(" "));
        browser.signIn(agentId, "customer2", SHOPPING, edge + "/mcp");
        String customer = consoleToken(issuer, "customer2", edge);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode agents = getJson(edge + "/controls/me/agents", customer).path("agents");
            assertThat(agents.toString()).contains(agentId);
            for (JsonNode agent : agents) {
                if (agent.path("agentId").asText().equals(agentId)) {
                    assertThat(agent.at("/limits/dailySpend/minorUnits").asLong()).isEqualTo(200_00);
                    assertThat(agent.path("revoked").asBoolean()).isFalse();
                    assertThat(agent.has("spentToday")).isTrue();
                    assertThat(agent.has("lastUsedAt")).isTrue();
                }
            }
        });
    }

    @Test
    void anAdminListsAccountsThroughTheEdge() throws Exception {
        String issuer = "http://127.0.0.1:" + authPort;
        String edge = "http://127.0.0.1:" + edgePort;
        DevelopmentLogin browser = new DevelopmentLogin(issuer);
        String agentId = browser.registerPublicClient("Listing agent", SHOPPING.split(" "));
        browser.signIn(agentId, "customer2", SHOPPING, edge + "/mcp");
        String admin = consoleToken(issuer, "admin", edge);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(getJson(edge + "/controls/admin/accounts", admin).toString()).contains("customer2"));
    }

    /** The official TypeScript SDK (pinned in src/test/node) as a second, independent MCP client. */
    @Test
    void theOfficialTypeScriptSdkInitializesListsToolsAndCallsThem() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"), "Node.js and npm are not installed here");
        Path client = work.resolve("typescript-client");
        Files.createDirectories(client);
        for (String file : List.of("package.json", "package-lock.json", "client.mjs")) {
            Files.copy(Path.of("src/test/node", file), client.resolve(file));
        }
        run(client, Duration.ofMinutes(3), "npm", "ci", "--no-audit", "--no-fund");
        String issuer = "http://127.0.0.1:" + authPort;
        String edge = "http://127.0.0.1:" + edgePort;
        DevelopmentLogin browser = new DevelopmentLogin(issuer);
        String agentId = browser.registerPublicClient("TypeScript agent", SHOPPING.split(" "));
        String token = (String) browser.signIn(agentId, "customer2", SHOPPING, edge + "/mcp").get("access_token");

        JsonNode seen = JSON.readTree(run(client, Duration.ofMinutes(1), "node", "client.mjs", edge + "/mcp", token,
                UUID.randomUUID().toString()));

        assertThat(seen.at("/server/name").asText()).isEqualTo("agent-shop");
        assertThat(seen.path("protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(seen.path("tools")).hasSize(8);
        assertThat(seen.at("/placed/status").asText()).isEqualTo("CONFIRMED");
        assertThat(seen.at("/refused/isError").asBoolean()).isTrue();
        assertThat(seen.at("/refused/text").asText()).startsWith("UNKNOWN_SKU: ");
    }

    // ---------------------------------------------------------------- helpers

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder(command, "--version").redirectErrorStream(true).start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a command in a folder; its standard output, or a failure with everything it printed. */
    private static String run(Path folder, Duration limit, String... command) throws Exception {
        Path output = Files.createTempFile(folder, "out", ".txt");
        Path errors = Files.createTempFile(folder, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(folder.toFile())
                .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        boolean finished = process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished && process.exitValue() == 0).as("%s: %s%n%s", String.join(" ", command),
                Files.readString(output), Files.readString(errors)).isTrue();
        return Files.readString(output).trim();
    }

    private static String consoleToken(String issuer, String user, String resource) {
        return (String) new DevelopmentLogin(issuer).signIn("agentshop-console", user,
                "openid account:read account:manage orders:read audit:read", resource).get("access_token");
    }

    private static JsonNode getJson(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

}
