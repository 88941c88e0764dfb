package io.agentshop.infra.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.infra.stack.DevelopmentLogin;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
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
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    static StorySystem story;
    static int edgePort;
    static int queryPort;
    static int authPort;
    static int postgresPort;
    /** MCP clients' own metadata documents, on https, trusted by the authorization server. */
    static HttpsClientDocuments clientDocuments;

    @BeforeAll
    static void startTheSystem() throws Exception {
        story = StorySystem.get();
        edgePort = story.edgePort;
        queryPort = story.queryPort;
        authPort = story.authPort;
        postgresPort = story.postgresPort;
        clientDocuments = story.clientDocuments;
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
        Path client = typescriptClient();
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

    /**
     * Step-up as a client of the official TypeScript SDK completes it (src/test/node/stepup.mjs): an agent the auditor
     * signed in with the scopes of the first challenge calls audit_search, is challenged for audit:read together with
     * what it holds, re-authorizes (the consent page shown again, offering audit:read), and the retried call works;
     * the shop's delegation for the agent now holds audit:read.
     */
    @Test
    void anAgentOfTheTypeScriptSdkStepsUpToTheAuditTrailWithTheAuditorsConsent() throws Exception {
        Path client = typescriptClient();

        JsonNode seen = JSON.readTree(run(client, Duration.ofMinutes(2), "node", "stepup.mjs",
                "http://127.0.0.1:" + edgePort + "/mcp", "auditor"));

        assertThat(seen.has("stepUpFailed")).as(seen.toString()).isFalse();
        List<String> shopping = List.of(SHOPPING.split(" "));
        assertThat(texts(seen.path("firstScopes"))).containsExactlyInAnyOrderElementsOf(shopping);
        assertThat(seen.at("/challengeSeen/code").asInt()).isEqualTo(403);
        assertThat(texts(seen.path("challengedScopes"))).as("the scope it needs and those it holds")
                .containsExactlyInAnyOrder(append(shopping, "audit:read"));
        assertThat(texts(seen.path("consentOfferedOnStepUp"))).containsExactly("audit:read");
        assertThat(texts(seen.path("secondScopes"))).containsExactlyInAnyOrder(append(shopping, "audit:read"));
        assertThat(seen.at("/auditSearch/isError").asBoolean()).as(seen.toString()).isFalse();
        assertThat(texts(seen.at("/delegationAfter/scopes"))).contains("audit:read", "orders:write");
    }

    /**
     * An MCP client of the official TypeScript SDK with no registration at all: its client_id is the https URL of its
     * metadata document (clientMetadataUrl), which the authorization server fetches. The person signs in, the consent
     * page names the document's host as who asks, the authorization response names its issuer (RFC 9207), and the
     * agent's first tool call works with the delegation the consent recorded, under the URL as the agent's id. A
     * document on a private address, one too large and one that names another client are refused, and nothing is
     * registered in their place.
     */
    @Test
    void anAgentOfTheTypeScriptSdkSignsInWithItsClientMetadataDocumentAndNothingElse() throws Exception {
        Path client = typescriptClient();
        String mcp = "http://127.0.0.1:" + edgePort + "/mcp";
        String document = "{\"client_id\":\"" + HttpsClientDocuments.SELF + "\",\"client_name\":\"Document agent\","
                + "\"redirect_uris\":[\"http://127.0.0.1:53682/callback\"],\"grant_types\":[\"authorization_code\","
                + "\"refresh_token\"],\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"none\"}";
        String url = clientDocuments.publish("/agents/typescript.json", document);

        JsonNode seen = JSON.readTree(run(client, Duration.ofMinutes(1), "node", "cimd.mjs", mcp, "customer1", url));

        assertThat(seen.path("clientId").asText()).isEqualTo(url);
        assertThat(seen.path("registrations")).as("no dynamic registration").isEmpty();
        assertThat(seen.at("/authorization/documentHost").asText()).isEqualTo("127.0.0.1");
        assertThat(seen.at("/authorization/consentHeading").asText()).contains("127.0.0.1");
        assertThat(seen.at("/authorization/iss").asText()).isEqualTo("http://127.0.0.1:" + authPort);
        assertThat(seen.at("/whoami/agentId").asText()).isEqualTo(url);
        assertThat(seen.at("/whoami/userId").asText()).isEqualTo("customer1");
        assertThat(seen.at("/whoami/delegation/revoked").asBoolean()).as(seen.toString()).isFalse();
        assertThat(texts(seen.at("/whoami/delegation/scopes"))).contains("catalog:read", "orders:write");

        // The same SDK given the edge as localhost: the metadata names localhost, the token names it, and it works.
        String byName = clientDocuments.publish("/agents/typescript-localhost.json", document);
        JsonNode viaLocalhost = JSON.readTree(run(client, Duration.ofMinutes(1), "node", "cimd.mjs",
                "http://localhost:" + edgePort + "/mcp", "customer2", byName));
        assertThat(viaLocalhost.at("/whoami/agentId").asText()).as(viaLocalhost.toString()).isEqualTo(byName);
        assertThat(viaLocalhost.at("/whoami/userId").asText()).isEqualTo("customer2");
        assertThat(viaLocalhost.at("/authorization/resource").asText()).isEqualTo("http://localhost:" + edgePort + "/mcp");

        Map<String, String> refused = Map.of(
                "https://10.0.0.1/agents/private.json", "10.0.0.1 is a private address",
                clientDocuments.publish("/agents/large.json", document.replace("Document agent",
                        "Large " + "x".repeat(6000))), "larger than 5120 bytes",
                clientDocuments.publish("/agents/other.json", document.replace(HttpsClientDocuments.SELF,
                        "https://127.0.0.1/agents/someone-else.json")), "client_id is not its own URL");
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            JsonNode refusal = JSON.readTree(run(client, Duration.ofMinutes(1), "node", "cimd.mjs", mcp, "customer1",
                    bad.getKey()));

            assertThat(refusal.path("refused").asText()).as(bad.getKey()).contains(bad.getValue());
            assertThat(refusal.has("whoami")).as(bad.getKey()).isFalse();
            assertThat(refusal.path("registrations")).as(bad.getKey()).isEmpty();
        }
    }

    /**
     * An agent signed in by a person who holds a role gets none of that role's powers: it cannot get a token for the
     * query side, its token opens no path there nor any control at the edge; only the auditor's agent reads the audit
     * trail through audit_search, with the audit:read the auditor consented to, and only until it is revoked. The
     * people's own console tokens keep their powers.
     */
    @Test
    void anAgentNeverInheritsItsPersonsRoleAndTheAuditorsAgentReadsOnlyWhileItsDelegationStands() throws Exception {
        String issuer = "http://127.0.0.1:" + authPort;
        String edge = "http://127.0.0.1:" + edgePort;
        String query = "http://127.0.0.1:" + queryPort;
        String everything = SHOPPING + " audit:read";
        for (String person : List.of("admin", "auditor", "analyst")) {
            DevelopmentLogin browser = new DevelopmentLogin(issuer);
            String agentId = browser.registerPublicClient("Agent of the " + person, everything.split(" "));

            assertThatThrownBy(() -> browser.signIn(agentId, person, everything, query)).as(person)
                    .hasMessageContaining("invalid_target");
            String token = (String) browser.signIn(agentId, person, everything, edge + "/mcp").get("access_token");
            for (String path : List.of("/catalog/products", "/orders?userId=customer2", "/accounts",
                    "/audit/records", "/audit/records/export?format=jsonl", "/audit/verify",
                    "/analytics/accounts/customer2/as-of?at=" + java.time.Instant.now())) {
                assertProblem(send("GET", query + path, token), 401, person + " agent at " + path);
            }
            assertProblem(send("POST", query + "/analytics/projections/orders/rebuild", token), 401, person);
            for (String[] control : List.of(new String[] {"GET", "/controls/me/agents"},
                    new String[] {"GET", "/controls/admin/accounts"},
                    new String[] {"PUT", "/controls/admin/accounts/customer2/mode"})) {
                assertProblem(send(control[0], edge + control[1], token), 403, person + " agent at " + control[1]);
            }

            try (McpSyncClient agent = ShopStory.mcpClient(edge, token)) {
                McpSchema.CallToolResult audit = agent.callTool(new McpSchema.CallToolRequest("audit_search",
                        Map.of("limit", 1)));
                if (!person.equals("auditor")) {
                    assertThat(textOf(audit)).as(person).startsWith("NOT_AUTHORIZED: ");
                    continue;
                }
                assertThat(audit.isError()).as(textOf(audit)).isNotEqualTo(Boolean.TRUE);
                String auditor = consoleToken(issuer, "auditor", edge);
                assertThat(send("POST", edge + "/controls/me/agents/" + agentId + "/revoke", auditor).statusCode())
                        .isEqualTo(200);
                McpSchema.CallToolResult revoked = agent.callTool(new McpSchema.CallToolRequest("audit_search",
                        Map.of("limit", 1)));
                assertThat(textOf(revoked)).startsWith("DELEGATION_REVOKED: ");
                String auditorOnQuerySide = consoleToken(issuer, "auditor", query);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(getJson(query
                        + "/audit/records?user=auditor&reason=DELEGATION_REVOKED&action=audit_search",
                        auditorOnQuerySide).path("records").toString()).contains(agentId));
            }
        }
        // The people's own tokens keep their roles' powers.
        assertThat(send("GET", query + "/audit/records?limit=1", consoleToken(issuer, "auditor", query)).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", query + "/orders?userId=customer2", consoleToken(issuer, "admin", query)).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", query + "/analytics/accounts/customer2/as-of?at=" + java.time.Instant.now(),
                consoleToken(issuer, "analyst", query)).statusCode()).isEqualTo(200);
    }

    /**
     * Events an older build stored, written straight into the event store: one whose note holds a NUL and half a
     * surrogate pair reaches the orders view (shown with U+FFFD) and the audit trail, which still verifies; one the
     * orders view cannot apply (no placedAt) is said to exist but not be shown to its user, and not to exist to
     * anybody else. And a refused cancel_order of an order id that looks like a formula is defused in the CSV export.
     */
    @Test
    void eventsAnOlderBuildStoredReachTheReadModelsAndTheAuditTrailAndNothingStalls() throws Exception {
        String issuer = "http://127.0.0.1:" + authPort;
        String edge = "http://127.0.0.1:" + edgePort;
        String query = "http://127.0.0.1:" + queryPort;
        DevelopmentLogin browser = new DevelopmentLogin(issuer);
        String agentId = browser.registerPublicClient("Older build's customer", SHOPPING.split(" "));
        String token = (String) browser.signIn(agentId, "customer2", SHOPPING, edge + "/mcp").get("access_token");
        String otherAgent = browser.registerPublicClient("Someone else's agent", SHOPPING.split(" "));
        String otherToken = (String) new DevelopmentLogin(issuer).signIn(otherAgent, "analyst", SHOPPING, edge + "/mcp")
                .get("access_token");
        try (McpSyncClient customer = ShopStory.mcpClient(edge, token);
             McpSyncClient someoneElse = ShopStory.mcpClient(edge, otherToken)) {
            McpSchema.CallToolResult placed = customer.callTool(new McpSchema.CallToolRequest("place_order", Map.of(
                    "lines", List.of(Map.of("sku", "STICKERS-PACK", "quantity", 1)), "idempotencyKey",
                    "older-" + UUID.randomUUID())));
            String template = (String) ((Map<?, ?>) placed.structuredContent()).get("orderId");
            String poisoned = UUID.randomUUID().toString();
            String unappliable = UUID.randomUUID().toString();
            storeLikeAnOlderBuild(template, poisoned, payload -> payload.put("note", "a\u0000b\uD800"));
            storeLikeAnOlderBuild(template, unappliable, payload -> payload.putNull("placedAt"));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(textOf(customer.callTool(
                    new McpSchema.CallToolRequest("get_order", Map.of("orderId", unappliable)))))
                    .startsWith("ORDER_NOT_SHOWN: order " + unappliable + " exists but could not be shown"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                McpSchema.CallToolResult shown = customer.callTool(new McpSchema.CallToolRequest("get_order",
                        Map.of("orderId", poisoned)));
                assertThat(shown.structuredContent()).as(textOf(shown)).isNotNull();
                assertThat(((Map<?, ?>) shown.structuredContent()).get("note")).isEqualTo("a\uFFFDb\uFFFD");
            });
            assertThat(textOf(someoneElse.callTool(new McpSchema.CallToolRequest("get_order",
                    Map.of("orderId", unappliable))))).startsWith("UNKNOWN_ORDER: ");

            String formula = "=HYPERLINK(\"http://evil.example/\",\"open\")";
            assertThat(textOf(customer.callTool(new McpSchema.CallToolRequest("cancel_order",
                    Map.of("orderId", formula))))).startsWith("UNKNOWN_ORDER: ");
            String auditor = consoleToken(issuer, "auditor", query);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(getJson(query + "/audit/records?targetId=" + poisoned, auditor).path("records")).isNotEmpty();
                assertThat(send("GET", query + "/audit/records/export?format=csv&user=customer2", auditor).body())
                        .contains(",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"open\"\")\",")
                        .doesNotContain(",=HYPERLINK");
            });
            assertThat(getJson(query + "/audit/verify", auditor).path("intact").asBoolean()).isTrue();
            JsonNode health = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(query + "/actuator/health"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("UP");
        }
    }

    /** The NUL note and its kind, through MCP and through the controls of the running system: refused, nothing kept. */
    @Test
    void aNulNoteAndOtherNastyTextAreRefusedThroughMcpAndTheControls() throws Exception {
        String issuer = "http://127.0.0.1:" + authPort;
        String edge = "http://127.0.0.1:" + edgePort;
        DevelopmentLogin browser = new DevelopmentLogin(issuer);
        String agentId = browser.registerPublicClient("Nasty text agent", SHOPPING.split(" "));
        String token = (String) browser.signIn(agentId, "customer2", SHOPPING, edge + "/mcp").get("access_token");
        String key = "nul-" + UUID.randomUUID();
        try (McpSyncClient agent = ShopStory.mcpClient(edge, token)) {
            for (Map<String, Object> arguments : List.<Map<String, Object>>of(
                    Map.of("lines", List.of(Map.of("sku", "STICKERS-PACK", "quantity", 1)), "idempotencyKey", key,
                            "note", "a\u0000b"),
                    Map.of("lines", List.of(Map.of("sku", "STICKERS-PACK", "quantity", 1)), "idempotencyKey",
                            key + "\u202e\u0085"))) {
                io.modelcontextprotocol.spec.McpError refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                        () -> agent.callTool(new McpSchema.CallToolRequest("place_order", arguments)),
                        io.modelcontextprotocol.spec.McpError.class);
                assertThat(refused.getJsonRpcError().code()).isEqualTo(-32602);
                assertThat(refused.getJsonRpcError().message()).contains("holds the control character");
            }
        }
        String me = consoleToken(issuer, "customer2", edge);
        HttpResponse<String> control = HTTP.send(HttpRequest.newBuilder(URI.create(edge + "/controls/me/agents/"
                        + agentId + "/revoke")).header("Authorization", "Bearer " + me)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"a\\u0000b\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(control.statusCode()).isEqualTo(400);
        assertThat(control.body()).contains("reason holds the control character U+0000");
        String auditor = consoleToken(issuer, "auditor", "http://127.0.0.1:" + queryPort);
        JsonNode agents = getJson(edge + "/controls/me/agents", me).path("agents");
        for (JsonNode delegation : agents) {
            if (delegation.path("agentId").asText().equals(agentId)) {
                assertThat(delegation.path("revoked").asBoolean()).as("the refused revocation changed nothing").isFalse();
            }
        }
        assertThat(getJson("http://127.0.0.1:" + queryPort + "/audit/records?user=customer2&action=place_order"
                + "&agent=" + agentId, auditor).path("records")).as("nothing audited as an order").isEmpty();
    }

    /** Copies the template order's OrderPlaced row under a new order id, its payload changed: an older build's write. */
    private static void storeLikeAnOlderBuild(String templateOrderId, String orderId,
                                              java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change)
            throws Exception {
        try (java.sql.Connection events = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                + postgresPort + "/agentshop_events", "agentshop_events", "agentshop-local")) {
            String eventId;
            byte[] payload;
            try (var read = events.prepareStatement("SELECT eventidentifier, payload FROM domainevententry"
                    + " WHERE aggregateidentifier = ? AND payloadtype LIKE '%OrderPlaced'")) {
                read.setString(1, templateOrderId);
                try (var rows = read.executeQuery()) {
                    assertThat(rows.next()).as("the template's OrderPlaced is stored").isTrue();
                    eventId = rows.getString(1);
                    payload = rows.getBytes(2);
                }
            }
            com.fasterxml.jackson.databind.node.ObjectNode changed =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(payload);
            changed.put("orderId", orderId);
            change.accept(changed);
            try (var write = events.prepareStatement("INSERT INTO domainevententry (aggregateidentifier,"
                    + " sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, payloadtype,"
                    + " timestamp) SELECT ?, sequencenumber, type, ?, metadata, ?, payloadrevision, payloadtype,"
                    + " timestamp FROM domainevententry WHERE eventidentifier = ?")) {
                write.setString(1, orderId);
                write.setString(2, UUID.randomUUID().toString());
                write.setBytes(3, JSON.writeValueAsBytes(changed));
                write.setString(4, eventId);
                assertThat(write.executeUpdate()).isEqualTo(1);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Path typescriptClient() throws Exception {
        return story.typescriptClient();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static String[] append(List<String> scopes, String scope) {
        List<String> all = new java.util.ArrayList<>(scopes);
        all.add(scope);
        return all.toArray(String[]::new);
    }

    private static String textOf(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static HttpResponse<String> send(String method, String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(
                        "{\"mode\":\"BANNED\",\"reason\":\"an agent tried\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String what) throws Exception {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                .startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("status").asInt()).as(what).isEqualTo(status);
    }

    private static String run(Path folder, Duration limit, String... command) throws Exception {
        return StorySystem.run(folder, limit, command);
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
