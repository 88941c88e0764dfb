package io.agentshop.infra.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.infra.stack.Ports;
import io.agentshop.infra.testsupport.OAuthTestClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product's promise, on the whole local system started as the README starts it: an MCP client finds the
 * authorization server from the edge's 401, registers, signs customer1 in with PKCE and consent, and shops; an admin
 * bans the account and the next order is refused; the auditor sees every attempt and a chain that verifies; a
 * revoked agent is refused although its token is still valid. Reads go through the query side, so this also proves
 * read-your-writes and the edge's own token to the query side.
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
    private final List<McpSyncClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(McpSyncClient::closeGracefully);
    }

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
    void anAgentShopsTheAccountIsBannedTheNextOrderIsRefusedAndTheAuditorSeesItAll() throws Exception {
        // The MCP client knows only the edge: the 401 leads it to the metadata, the metadata to the issuer.
        String edge = "http://127.0.0.1:" + edgePort;
        HttpResponse<String> unauthorized = HTTP.send(HttpRequest.newBuilder(URI.create(edge + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        Matcher pointer = Pattern.compile("resource_metadata=\"([^\"]+)\"")
                .matcher(unauthorized.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertThat(pointer.find()).isTrue();
        JsonNode metadata = getJson(pointer.group(1), null);
        String issuer = metadata.path("authorization_servers").get(0).asText();
        String resource = metadata.path("resource").asText();
        OAuthTestClient browser = new OAuthTestClient(issuer);
        String agentId = browser.registerPublicClient("Story agent", SHOPPING.split(" "));
        String agentToken = (String) browser.signIn(agentId, "customer1", SHOPPING, resource).get("access_token");
        McpSyncClient agent = connect(agentToken);

        // 1. whoami
        Map<String, Object> me = structured(agent.callTool(call("whoami", Map.of())));
        assertThat(me).containsEntry("userId", "customer1").containsEntry("agentId", agentId)
                .containsEntry("accountMode", "ACTIVE");
        assertThat(me.get("scopes").toString()).contains("orders:write", "catalog:read");

        // 2. search, order one size-M shirt, read it back at once
        List<?> shirts = (List<?>) structured(agent.callTool(call("search_products", Map.of("query", "shirt"))))
                .get("products");
        assertThat(shirts.stream().map(product -> (String) ((Map<?, ?>) product).get("sku")).toList())
                .contains("SHIRT-CLASSIC-S", "SHIRT-CLASSIC-M", "SHIRT-CLASSIC-L");
        int stockBefore = stockOf(agent, "SHIRT-CLASSIC-M");
        Map<String, Object> placed = structured(agent.callTool(order("SHIRT-CLASSIC-M")));
        assertThat(placed).containsEntry("status", "CONFIRMED");
        String orderId = (String) placed.get("orderId");
        Map<String, Object> read = structured(agent.callTool(call("get_order", Map.of("orderId", orderId))));
        assertThat(read).containsEntry("orderId", orderId).containsEntry("status", "CONFIRMED")
                .containsEntry("userId", "customer1");

        // 3. the admin bans the account, with a reason
        String admin = consoleToken(issuer, "admin", edge);
        control("PUT", edge + "/controls/admin/accounts/customer1/mode", admin,
                "{\"mode\":\"BANNED\",\"reason\":\"chargeback fraud\"}");

        // 4. the next order is refused; nothing ordered, stock unchanged
        McpSchema.CallToolResult refused = agent.callTool(order("SHIRT-CLASSIC-M"));
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).startsWith("ACCOUNT_BANNED: ");
        int stockAfterFirstOrder = stockBefore - 1;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(stockOf(agent, "SHIRT-CLASSIC-M")).isEqualTo(stockAfterFirstOrder));
        McpSchema.CallToolResult bannedRead = agent.callTool(call("list_orders", Map.of()));
        assertThat(bannedRead.isError()).as("reads of a banned account's data are refused too").isTrue();
        assertThat(text(bannedRead)).startsWith("ACCOUNT_BANNED: ");

        // 5. the auditor: both attempts, the admin's change, and a chain that verifies
        String auditorAgentId = browser.registerPublicClient("Auditor's agent", "audit:read");
        McpSyncClient auditor = connect((String) new OAuthTestClient(issuer)
                .signIn(auditorAgentId, "auditor", "audit:read", resource).get("access_token"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> attempts = records(auditor, Map.of("user", "customer1", "action", "place_order"));
            assertThat(attempts).anySatisfy(record -> assertThat(record)
                    .containsEntry("agentId", agentId).containsEntry("outcome", "accepted")
                    .containsEntry("eventType", "OrderAuthorized"));
            assertThat(attempts).anySatisfy(record -> assertThat(record)
                    .containsEntry("agentId", agentId).containsEntry("outcome", "refused")
                    .containsEntry("reasonCode", "ACCOUNT_BANNED"));
        });
        assertThat(records(auditor, Map.of("targetId", "customer1"))).anySatisfy(record -> assertThat(record)
                .containsEntry("eventType", "AccountModeChanged").containsEntry("userId", "admin"));
        String auditorToken = consoleToken(issuer, "auditor", "http://127.0.0.1:" + queryPort);
        assertThat(getJson("http://127.0.0.1:" + queryPort + "/audit/verify", auditorToken).path("intact").asBoolean())
                .isTrue();

        // 6. active again; customer1 revokes the agent; its next call is refused though its token is valid
        control("PUT", edge + "/controls/admin/accounts/customer1/mode", admin,
                "{\"mode\":\"ACTIVE\",\"reason\":\"cleared\"}");
        String customer = consoleToken(issuer, "customer1", edge);
        JsonNode myAgents = getJson(edge + "/controls/me/agents", customer);
        assertThat(myAgents.path("agents").toString()).contains(agentId);
        control("POST", edge + "/controls/me/agents/" + agentId + "/revoke", customer, "{\"reason\":\"done\"}");
        McpSchema.CallToolResult afterRevoke = agent.callTool(order("SHIRT-CLASSIC-M"));
        assertThat(afterRevoke.isError()).isTrue();
        assertThat(text(afterRevoke)).startsWith("DELEGATION_REVOKED: ");
    }

    @Test
    void anAdminListsAccountsThroughTheEdge() throws Exception {
        String issuer = "http://127.0.0.1:" + authPort;
        String edge = "http://127.0.0.1:" + edgePort;
        OAuthTestClient browser = new OAuthTestClient(issuer);
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
        OAuthTestClient browser = new OAuthTestClient(issuer);
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

    private McpSyncClient connect(String token) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + edgePort)
                        .endpoint("/mcp")
                        .customizeRequest(request -> request.header("Authorization", "Bearer " + token))
                        .build())
                .requestTimeout(Duration.ofSeconds(30)).build();
        clients.add(client);
        client.initialize();
        return client;
    }

    private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments) {
        return new McpSchema.CallToolRequest(tool, arguments);
    }

    private static McpSchema.CallToolRequest order(String sku) {
        return call("place_order", Map.of("lines", List.of(Map.of("sku", sku, "quantity", 1)),
                "idempotencyKey", UUID.randomUUID().toString()));
    }

    private static int stockOf(McpSyncClient agent, String sku) {
        return ((Number) structured(agent.callTool(call("get_product", Map.of("sku", sku)))).get("stock")).intValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(McpSyncClient auditor, Map<String, Object> filter) {
        return (List<Map<String, Object>>) structured(auditor.callTool(call("audit_search", filter))).get("records");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isNotEqualTo(Boolean.TRUE);
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static String consoleToken(String issuer, String user, String resource) {
        return (String) new OAuthTestClient(issuer).signIn("agentshop-console", user,
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

    private static void control(String method, String url, String token, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isEqualTo(200);
    }
}
