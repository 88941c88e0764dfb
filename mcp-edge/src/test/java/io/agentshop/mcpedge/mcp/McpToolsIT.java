package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.TextPolicy;
import io.agentshop.commandside.api.account.OrderAuthorized;
import io.agentshop.commandside.api.order.OrderPlaced;
import io.agentshop.infra.stack.DevelopmentLogin;
import io.agentshop.infra.stack.McpAgentClients;
import io.agentshop.infra.testsupport.TestStacks;
import io.agentshop.mcpedge.EdgeIntegrationTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The MCP server as agents meet it: the MCP Java SDK's client over Streamable HTTP with real tokens from the
 * development authorization server, and raw HTTP where the test is about what a client sends wrong. Reads that need
 * the query side are tested with the whole system (infra/launcher).
 */
class McpToolsIT extends EdgeIntegrationTest {

    private static final String SHOPPING = "catalog:read orders:read orders:write orders:cancel account:read";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Autowired
    EventStore events;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    InMemorySpanExporter spans;
    @Autowired
    SdkTracerProvider tracing;
    @Autowired
    ObjectMapper mvcJson;
    @Value("${agentshop.kafka.events-topic}")
    String topic;

    private final List<McpSyncClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(McpSyncClient::closeGracefully);
    }

    // ---------------------------------------------------------------- the protocol

    @Test
    void aClientInitializesAndListsEveryToolWithSchemasAndHonestAnnotations() {
        McpSyncClient client = connect(agentToken("customer1"));

        assertThat(client.getServerInfo().name()).isEqualTo("agent-shop");
        assertThat(client.getCurrentInitializationResult().protocolVersion()).isEqualTo("2025-11-25");
        assertThat(client.getServerInstructions()).contains("on behalf of the signed-in user");
        assertThat(client.getServerCapabilities().tools()).isNotNull();
        assertThat(client.getServerCapabilities().prompts()).as("no prompts to offer").isNull();
        assertThat(client.getServerCapabilities().resources()).as("no resources to offer").isNull();
        Map<String, McpSchema.Tool> tools = new java.util.TreeMap<>();
        client.listTools().tools().forEach(tool -> tools.put(tool.name(), tool));
        assertThat(tools).containsOnlyKeys("search_products", "get_product", "place_order", "get_order",
                "list_orders", "cancel_order", "whoami", "audit_search");
        McpSchema.Tool place = tools.get("place_order");
        assertThat((List<String>) place.inputSchema().get("required")).containsExactlyInAnyOrder("lines", "idempotencyKey");
        assertThat(place.outputSchema()).containsKey("properties");
        assertThat(place.annotations().readOnlyHint()).isFalse();
        assertThat(place.annotations().idempotentHint()).isTrue();
        assertThat(place.description()).contains("orders:write");
        assertThat(tools.get("search_products").annotations().readOnlyHint()).isTrue();
        assertThat(tools.get("cancel_order").annotations().destructiveHint()).isTrue();
    }

    @Test
    void placeOrderIsConfirmedWithStructuredContentAndItsActorNamesToolAndTheClientsRequest() {
        McpSyncClient client = connect(agentToken("customer1"));

        McpSchema.CallToolResult result = client.callTool(placeOrder("SHIRT-CLASSIC-M", 1, "key-" + UUID.randomUUID()));

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        Map<String, Object> order = structured(result);
        assertThat(order.get("status")).isEqualTo("CONFIRMED");
        assertThat(order.get("duplicate")).isEqualTo(false);
        assertThat(((Number) order.get("consistencyToken")).longValue()).isPositive();
        DomainEventMessage<?> authorized = events.readEvents("customer1").asStream()
                .filter(message -> message.getPayload() instanceof OrderAuthorized placed
                        && placed.orderId().equals(order.get("orderId")))
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> actor = (Map<String, Object>) authorized.getMetaData().get("actor");
        assertThat(actor.get("toolName")).isEqualTo("place_order");
        // Stateless: no MCP session exists, the client's JSON-RPC request id names the call.
        assertThat(actor.get("sessionId")).isNull();
        assertThat((String) actor.get("requestId")).isNotBlank();
        assertThat((String) actor.get("tokenId")).isNotBlank();
        assertThat(actor.get("traceId")).isEqualTo(TRACE_ID);
    }

    @Test
    void cancelOrderCancelsTheUsersOrderAndGivesTheStockBack() {
        McpSyncClient client = connect(agentToken("customer1"));
        Map<String, Object> placed = structured(client.callTool(placeOrder("POSTER-A2", 1, "key-" + UUID.randomUUID())));
        String orderId = (String) placed.get("orderId");

        Map<String, Object> cancelled = structured(client.callTool(new McpSchema.CallToolRequest("cancel_order",
                Map.of("orderId", orderId, "reason", "changed my mind"))));

        assertThat(cancelled).containsEntry("orderId", orderId).containsEntry("status", "CANCELLED");
        assertThat(events.readEvents(orderId).asStream().map(DomainEventMessage::getPayload))
                .last().isInstanceOf(io.agentshop.commandside.api.order.OrderCancelled.class);
        assertThat(events.readEvents("POSTER-A2").asStream().map(DomainEventMessage::getPayload))
                .last().isInstanceOf(io.agentshop.commandside.api.product.StockReleased.class);
    }

    @Test
    void aCallWithoutTraceparentIsGivenATraceOfItsOwnAndItReachesKafka() throws Exception {
        String token = agentToken("customer1");
        McpSyncClient untraced = connectWithout(token);

        Map<String, Object> placed = structured(untraced.callTool(placeOrder("MUG-LOGO", 1, "key-" + UUID.randomUUID())));

        DomainEventMessage<?> authorized = events.readEvents("customer1").asStream()
                .filter(message -> message.getPayload() instanceof OrderAuthorized order
                        && order.orderId().equals(placed.get("orderId")))
                .findFirst().orElseThrow();
        String traceId = (String) ((Map<?, ?>) authorized.getMetaData().get("actor")).get("traceId");
        assertThat(traceId).matches("[0-9a-f]{32}");
        assertThat(traceparentOnKafka((String) placed.get("orderId"))).startsWith("00-" + traceId + "-");
    }

    @Test
    void anEventsKafkaRecordNamesTheEdgesSpanOfTheCallAsItsParent() throws Exception {
        McpSyncClient client = connect(agentToken("customer1"));

        Map<String, Object> placed = structured(client.callTool(placeOrder("MUG-LOGO", 1, "key-" + UUID.randomUUID())));

        String traceparent = traceparentOnKafka((String) placed.get("orderId"));
        assertThat(traceparent).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
        String parent = traceparent.split("-")[2];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            tracing.forceFlush().join(10, TimeUnit.SECONDS);
            assertThat(spans.getFinishedSpanItems()).as("the edge's server span of the tools/call request")
                    .anySatisfy(span -> {
                        assertThat(span.getSpanId()).isEqualTo(parent);
                        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
                        assertThat(span.getParentSpanId()).isEqualTo(CALLER_SPAN);
                        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
                    });
        });
    }

    @Test
    void callsCommandsAppendsAndTheOutboxAreMeasuredForPrometheusWithoutAToken() throws Exception {
        McpSyncClient client = connect(agentToken("customer1"));
        client.callTool(placeOrder("MUG-LOGO", 1, "key-" + UUID.randomUUID()));
        client.callTool(placeOrder("NO-SUCH-THING", 1, "key-" + UUID.randomUUID()));

        HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(
                URI.create(auth().edgeBase() + "/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("agentshop_tool_calls_seconds_count{outcome=\"ok\",reason=\"none\",tool=\"place_order\"}")
                .contains("agentshop_tool_calls_seconds_count{outcome=\"refused\",reason=\"UNKNOWN_SKU\","
                        + "tool=\"place_order\"}")
                .contains("agentshop_commands_total{command=\"PlaceOrderCommand\",outcome=\"refused\","
                        + "reason=\"UNKNOWN_SKU\"}")
                .contains("agentshop_eventstore_append_seconds_count")
                .contains("agentshop_outbox_lag");
    }

    @Test
    void anOlderProtocolVersionIsNegotiated() throws Exception {
        String older = initializeMessage().replace("2025-11-25", "2025-03-26");

        HttpResponse<String> response = post(agentToken("customer1"), older, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"protocolVersion\":\"2025-03-26\"");
    }

    @Test
    void anIdempotentRetryReturnsTheSameOrderAndOrdersNothingMore() {
        McpSyncClient client = connect(agentToken("customer1"));
        String key = "key-" + UUID.randomUUID();

        Map<String, Object> first = structured(client.callTool(placeOrder("MUG-LOGO", 2, key)));
        int eventsAfterFirst = stored("customer1");
        Map<String, Object> retry = structured(client.callTool(placeOrder("MUG-LOGO", 2, key)));

        assertThat(retry.get("orderId")).isEqualTo(first.get("orderId"));
        assertThat(retry.get("duplicate")).isEqualTo(true);
        assertThat(stored("customer1")).isEqualTo(eventsAfterFirst);
    }

    // ---------------------------------------------------------------- refusals are tool errors

    @Test
    void anUnknownSkuIsAToolErrorWithItsReasonAndNextStep() {
        McpSyncClient client = connect(agentToken("customer1"));
        int before = stored("customer1");

        McpSchema.CallToolResult result = client.callTool(placeOrder("NO-SUCH-THING", 1, "key-" + UUID.randomUUID()));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("UNKNOWN_SKU: ").contains("search_products");
        assertThat(result.meta()).containsEntry("agentshop/reason", "UNKNOWN_SKU");
        assertThat(stored("customer1")).isEqualTo(before); // the refusal is recorded apart from the account
    }

    @Test
    void aBannedAccountsAgentIsRefusedWithAccountBanned() {
        String token = agentToken("customer2");
        McpSyncClient client = connect(token);
        String admin = consoleToken("admin");
        try {
            control("PUT", "/controls/admin/accounts/customer2/mode", admin, "{\"mode\":\"BANNED\",\"reason\":\"test\"}");

            McpSchema.CallToolResult result = client.callTool(placeOrder("MUG-LOGO", 1, "key-" + UUID.randomUUID()));

            assertThat(result.isError()).isTrue();
            assertThat(text(result)).startsWith("ACCOUNT_BANNED: ").contains("only the shop's admins can lift");
        } finally {
            control("PUT", "/controls/admin/accounts/customer2/mode", admin, "{\"mode\":\"ACTIVE\",\"reason\":\"over\"}");
        }
    }

    @Test
    void aRevokedAgentIsRefusedAlthoughItsTokenIsStillValid() {
        SignedInAgent agent = signedInAgent("customer1");
        McpSyncClient client = connect(agent.token());
        control("POST", "/controls/me/agents/" + agent.id() + "/revoke", consoleToken("customer1"), "{}");

        McpSchema.CallToolResult result = client.callTool(placeOrder("MUG-LOGO", 1, "key-" + UUID.randomUUID()));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("DELEGATION_REVOKED: ");
    }

    @Test
    void aRevokedAgentReadsNothingFromItsVeryNextCallAndTheRefusalIsRecorded() {
        SignedInAgent agent = signedInAgent("customer1");
        McpSyncClient client = connect(agent.token());
        McpSchema.CallToolResult before = client.callTool(new McpSchema.CallToolRequest("list_orders", Map.of()));
        int recorded = stored("customer1");
        int refusals = refusalsRecorded("customer1", "DELEGATION_REVOKED");
        control("POST", "/controls/me/agents/" + agent.id() + "/revoke", consoleToken("customer1"), "{}");

        McpSchema.CallToolResult listed = client.callTool(new McpSchema.CallToolRequest("list_orders", Map.of()));
        McpSchema.CallToolResult got = client.callTool(new McpSchema.CallToolRequest("get_order",
                Map.of("orderId", UUID.randomUUID().toString())));

        // No read side runs beside these tests: the read fails there (UNAVAILABLE), after the Account let it pass.
        assertThat(before.meta()).containsEntry("agentshop/reason", "UNAVAILABLE");
        assertThat(listed.isError()).isTrue();
        assertThat(text(listed)).startsWith("DELEGATION_REVOKED: ");
        assertThat(got.isError()).isTrue();
        assertThat(text(got)).startsWith("DELEGATION_REVOKED: ");
        assertThat(stored("customer1")).as("the revocation, and nothing for the refused reads")
                .isEqualTo(recorded + 1);
        assertThat(refusalsRecorded("customer1", "DELEGATION_REVOKED")).isEqualTo(refusals + 2);
    }

    // ---------------------------------------------------------------- invalid arguments are JSON-RPC errors

    @Test
    void argumentsOfTheWrongTypeAreInvalidParamsAndChangeNothing() {
        McpSyncClient client = connect(agentToken("customer1"));
        int before = stored("customer1");

        McpError error = catchThrowableOfType(() -> client.callTool(new McpSchema.CallToolRequest("place_order",
                Map.of("lines", "two shirts please", "idempotencyKey", 42))), McpError.class);

        assertThat(error.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(error.getJsonRpcError().message()).startsWith("invalid arguments for place_order: ")
                .contains("lines: string found, array expected")
                .contains("idempotencyKey: integer found, string expected")
                .doesNotContain("structuredContent").doesNotContain("outputSchema");
        assertThat(stored("customer1")).isEqualTo(before);
    }

    @Test
    void aMissingOrUnknownArgumentIsInvalidParamsNamingIt() {
        McpSyncClient client = connect(agentToken("customer1"));
        int before = stored("customer1");

        McpError error = catchThrowableOfType(() -> client.callTool(new McpSchema.CallToolRequest("place_order",
                Map.of("lines", List.of(Map.of("sku", "MUG-LOGO", "quantity", 1, "colour", "red")),
                        "discount", "100%"))), McpError.class);

        assertThat(error.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(error.getJsonRpcError().message()).contains("idempotencyKey: is required")
                .contains("discount: is not an argument of place_order")
                .contains("lines[0].colour: is not an argument here");
        assertThat(stored("customer1")).isEqualTo(before);
    }

    @Test
    void aHugeQuantityIsInvalidParamsAndChangesNothing() {
        McpSyncClient client = connect(agentToken("customer1"));
        int before = stored("customer1");

        McpError error = catchThrowableOfType(() -> client.callTool(placeOrder("MUG-LOGO", 1_000_000_000, "k-1")),
                McpError.class);

        assertThat(error.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(error.getJsonRpcError().message()).contains("quantity");
        assertThat(stored("customer1")).isEqualTo(before);
    }

    // ---------------------------------------------------------------- any text an agent sends is refused or kept

    @Test
    void aNulInAnOrdersNoteIsInvalidParamsNamingTheNoteAndTheRuleAndNothingIsStored() {
        McpSyncClient client = connect(agentToken("customer1"));
        int before = stored("customer1");
        int rejections = rejectionsRecorded("customer1");

        McpError error = catchThrowableOfType(() -> client.callTool(new McpSchema.CallToolRequest("place_order",
                Map.of("lines", List.of(Map.of("sku", "MUG-LOGO", "quantity", 1)), "idempotencyKey", "key-nul",
                        "note", "a\u0000b"))), McpError.class);

        assertThat(error.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(error.getJsonRpcError().message())
                .isEqualTo("invalid arguments for place_order: note holds the control character U+0000 at position 1;"
                        + " only newline and tab are allowed in free text");
        assertThat(stored("customer1")).isEqualTo(before);
        assertThat(rejectionsRecorded("customer1")).as("nothing audited either").isEqualTo(rejections);
    }

    @Test
    void everyNastyStringInEveryToolIsRefusedWithItsArgumentNamedAndChangesNothing() {
        McpSyncClient client = connect(agentToken("customer1"));
        int before = stored("customer1");
        int rejections = rejectionsRecorded("customer1");
        Map<String, Map<String, Object>> calls = new java.util.LinkedHashMap<>();
        calls.put("search_products query", Map.of("query", "shirt\u0085"));
        calls.put("get_product sku", Map.of("sku", "MUG-\u001bLOGO"));
        calls.put("place_order idempotencyKey", Map.of("lines", List.of(Map.of("sku", "MUG-LOGO", "quantity", 1)),
                "idempotencyKey", "key\t1"));
        calls.put("get_order orderId", Map.of("orderId", "order\u007f"));
        calls.put("list_orders cursor", Map.of("cursor", "c\r\n"));
        calls.put("cancel_order reason", Map.of("orderId", "o-1", "reason", "changed my mind\r"));

        for (Map.Entry<String, Map<String, Object>> call : calls.entrySet()) {
            String[] toolAndArgument = call.getKey().split(" ");
            McpError error = catchThrowableOfType(() -> client.callTool(new McpSchema.CallToolRequest(
                    toolAndArgument[0], call.getValue())), McpError.class);
            assertThat(error).as(call.getKey()).isNotNull();
            assertThat(error.getJsonRpcError().code()).as(call.getKey()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
            assertThat(error.getJsonRpcError().message()).as(call.getKey())
                    .startsWith("invalid arguments for " + toolAndArgument[0] + ": " + toolAndArgument[1] + " holds")
                    .contains("control character");
        }
        assertThat(stored("customer1")).isEqualTo(before);
        assertThat(rejectionsRecorded("customer1")).isEqualTo(rejections);
    }

    @Test
    void anUnpairedSurrogateIsInvalidParamsNamingTheArgument() throws Exception {
        String token = agentToken("customer1");
        int before = stored("customer1");

        String answer = callOverRawHttp(token, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"place_order\",\"arguments\":{\"lines\":[{\"sku\":\"MUG-LOGO\",\"quantity\":1}],"
                + "\"idempotencyKey\":\"key-\\ud800\"}}}");

        JsonNode error = JSON.readTree(answer).path("error");
        assertThat(error.path("code").asInt()).as(answer).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(error.path("message").asText()).contains("idempotencyKey holds an unpaired surrogate (U+D800)");
        assertThat(stored("customer1")).isEqualTo(before);
    }

    @Test
    void freeTextKeepsNewlinesAndTabsAndTextIsStoredInNfc() {
        McpSyncClient client = connect(agentToken("customer1"));

        Map<String, Object> order = structured(client.callTool(new McpSchema.CallToolRequest("place_order",
                Map.of("lines", List.of(Map.of("sku", "MUG-LOGO", "quantity", 1)),
                        "idempotencyKey", "cle\u0301-" + UUID.randomUUID(), "note", "for the caf\u0065\u0301\n\tthanks"))));

        OrderPlaced placed = (OrderPlaced) events.readEvents((String) order.get("orderId")).asStream()
                .filter(message -> message.getPayload() instanceof OrderPlaced).findFirst().orElseThrow().getPayload();
        assertThat(placed.note()).isEqualTo("for the caf\u00e9\n\tthanks");
        assertThat(placed.idempotencyKey()).startsWith("cl\u00e9-");
    }

    @Test
    void theToolsInputSchemasCarryTheTextRuleSoClientsSeeItBeforeTheyCall() {
        Map<String, McpSchema.Tool> tools = new java.util.TreeMap<>();
        connect(agentToken("customer1")).listTools().tools().forEach(tool -> tools.put(tool.name(), tool));

        Map<?, ?> properties = (Map<?, ?>) tools.get("place_order").inputSchema().get("properties");
        assertThat(((Map<?, ?>) properties.get("note")).get("pattern")).isEqualTo(TextPolicy.FREE_PATTERN);
        assertThat(((Map<?, ?>) properties.get("idempotencyKey")).get("pattern")).isEqualTo(TextPolicy.LINE_PATTERN);
        assertThat(((Map<?, ?>) ((Map<?, ?>) tools.get("search_products").inputSchema().get("properties")).get("query"))
                .get("pattern")).isEqualTo(TextPolicy.LINE_PATTERN);
    }

    // ---------------------------------------------------------------- OAuth at the door

    @Test
    void withoutATokenTheAnswerIs401PointingAtTheResourceMetadata() throws Exception {
        HttpResponse<String> response = post(null, initializeMessage(), Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).startsWith("Bearer ")
                .contains("resource_metadata=\"" + auth().edgeBase() + "/.well-known/oauth-protected-resource/mcp\"")
                .contains("scope=\"catalog:read orders:read orders:write orders:cancel account:read\"");
    }

    @Test
    void withoutATokenEvenAMalformedMessageOrAWrongMethodIs401() throws Exception {
        for (String body : List.of("{}", "{\"jsonrpc\": ", "[1,2]")) {
            HttpResponse<String> response = post(null, body, Map.of());

            assertThat(response.statusCode()).as(body).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("resource_metadata=");
        }
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(auth().edgeBase() + "/mcp")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(401);
    }

    @Test
    void aForgedTokenIs401WithInvalidToken() throws Exception {
        String token = agentToken("customer1");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";

        HttpResponse<String> response = post(forged, initializeMessage(), Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void aTokenForAnotherResourceIsRefused() throws Exception {
        // An agent cannot even get a token for the query side (invalid_target); a person's own one serves here.
        String forQuerySide = (String) auth().client().signIn("agentshop-console", "customer1", "orders:read",
                auth().querySideResource()).get("access_token");

        HttpResponse<String> response = post(forQuerySide, initializeMessage(), Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    }

    @Test
    void aToolWhoseScopeTheTokenLacksIs403NamingTheScopeAndChangesNothing() throws Exception {
        String token = agentToken("customer1", "orders:write");
        int before = stored("customer1");

        HttpResponse<String> response = post(token, toolCall("place_order", Map.of("lines",
                List.of(Map.of("sku", "MUG-LOGO", "quantity", 1)), "idempotencyKey", "k-403")), Map.of());

        assertThat(response.statusCode()).isEqualTo(403);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).contains("error=\"insufficient_scope\"").contains("resource_metadata=");
        // The scope it needs first, then those it holds: asking for exactly these keeps what the token had.
        assertThat(challengedScopes(challenge)).startsWith("orders:write")
                .containsExactlyInAnyOrder("orders:write", "catalog:read", "orders:read", "orders:cancel",
                        "account:read");
        assertThat(stored("customer1")).isEqualTo(before);
    }

    @Test
    void eachToolNeedsItsOwnScope() throws Exception {
        String catalogOnly = agentToken("customer1", "orders:read", "orders:write", "orders:cancel", "account:read");
        Map<String, String> needs = Map.of("get_order", "orders:read", "list_orders", "orders:read",
                "cancel_order", "orders:cancel", "whoami", "account:read", "audit_search", "audit:read");

        assertThat(connect(catalogOnly).listTools().tools()).as("tools/list still lists every tool").hasSize(8);
        for (Map.Entry<String, String> tool : needs.entrySet()) {
            HttpResponse<String> response = post(catalogOnly, toolCall(tool.getKey(), Map.of()), Map.of());
            assertThat(response.statusCode()).as(tool.getKey()).isEqualTo(403);
            assertThat(challengedScopes(response.headers().firstValue("WWW-Authenticate").orElseThrow()))
                    .as(tool.getKey()).startsWith(tool.getValue());
        }
    }

    // ---------------------------------------------------------------- an agent does only what its user delegated

    @Test
    void aRevokedAgentIsRefusedByEachOfTheEightToolsAndEveryRefusalIsRecorded() {
        SignedInAgent agent = agentAskingFor(SHOPPING + " audit:read", "auditor");
        McpSyncClient client = connect(agent.token());
        String orderId = (String) structured(client.callTool(placeOrder("MUG-LOGO", 1, "key-" + UUID.randomUUID())))
                .get("orderId");
        control("POST", "/controls/me/agents/" + agent.id() + "/revoke", consoleToken("auditor"), "{}");
        int refusals = refusalsRecorded("auditor", "DELEGATION_REVOKED");
        int cancelRefusals = refusalsRecorded(orderId, "DELEGATION_REVOKED");
        Map<String, Map<String, Object>> calls = new java.util.LinkedHashMap<>();
        calls.put("search_products", Map.of("query", "shirt"));
        calls.put("get_product", Map.of("sku", "MUG-LOGO"));
        calls.put("place_order", Map.of("lines", List.of(Map.of("sku", "MUG-LOGO", "quantity", 1)),
                "idempotencyKey", "key-" + UUID.randomUUID()));
        calls.put("get_order", Map.of("orderId", orderId));
        calls.put("list_orders", Map.of());
        calls.put("cancel_order", Map.of("orderId", orderId));
        calls.put("whoami", Map.of());
        calls.put("audit_search", Map.of());
        assertThat(calls.keySet()).as("every tool there is")
                .containsExactlyInAnyOrderElementsOf(client.listTools().tools().stream().map(McpSchema.Tool::name).toList());

        for (Map.Entry<String, Map<String, Object>> call : calls.entrySet()) {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(call.getKey(),
                    call.getValue()));
            assertThat(result.isError()).as(call.getKey()).isTrue();
            assertThat(text(result)).as(call.getKey()).startsWith("DELEGATION_REVOKED: ");
        }
        assertThat(refusalsRecorded("auditor", "DELEGATION_REVOKED")).as("seven refusals on the auditor's account")
                .isEqualTo(refusals + 7);
        assertThat(refusalsRecorded(orderId, "DELEGATION_REVOKED")).as("and the cancel, on the order")
                .isEqualTo(cancelRefusals + 1);
    }

    @Test
    void anAuditorsAgentWithoutAuditReadIsChallengedForItAlongWithTheScopesItHolds() throws Exception {
        String token = agentToken("auditor");

        HttpResponse<String> response = post(token, toolCall("audit_search", Map.of()), Map.of());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(challengedScopes(response.headers().firstValue("WWW-Authenticate").orElseThrow()))
                .startsWith("audit:read").containsExactlyInAnyOrder("audit:read", "catalog:read", "orders:read",
                        "orders:write", "orders:cancel", "account:read");
    }

    @Test
    void theAuditTrailIsForAuditorsAgentsOnlyWhateverScopeAnotherUserConsentedTo() {
        SignedInAgent agent = agentAskingFor(SHOPPING + " audit:read", "customer1");
        int refusals = refusalsRecorded("customer1", "NOT_AUTHORIZED");

        McpSchema.CallToolResult result = connect(agent.token()).callTool(
                new McpSchema.CallToolRequest("audit_search", Map.of()));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("NOT_AUTHORIZED: ");
        assertThat(refusalsRecorded("customer1", "NOT_AUTHORIZED")).as("a role check at the edge, not the Account's")
                .isEqualTo(refusals);
    }

    @Test
    void aMachinesOwnTokenNamesNoUserAndIsRefusedAtTheDoorChangingNothing() throws Exception {
        String machine = auth().client().clientCredentials("demo-agent", "demo-agent-secret",
                "catalog:read orders:read orders:write", auth().edgeResource());
        int before = stored("demo-agent");

        HttpResponse<String> initialize = post(machine, initializeMessage(), Map.of());
        HttpResponse<String> order = post(machine, toolCall("place_order", Map.of("lines",
                List.of(Map.of("sku", "MUG-LOGO", "quantity", 1)), "idempotencyKey", "k-machine")), Map.of());

        for (HttpResponse<String> response : List.of(initialize, order)) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).path("detail").asText()).contains("names no user");
        }
        assertThat(stored("demo-agent")).as("no account opened in a client's name").isEqualTo(before).isZero();
    }

    @Test
    void aRoleGivesAnAgentNothingAtTheControls() {
        for (String person : List.of("admin", "auditor", "analyst")) {
            String token = agentToken(person);
            for (String[] control : List.of(new String[] {"GET", "/controls/me/agents"},
                    new String[] {"GET", "/controls/admin/accounts"},
                    new String[] {"PUT", "/controls/admin/accounts/customer2/mode"},
                    new String[] {"POST", "/controls/admin/products/MUG-LOGO/restock"})) {
                HttpResponse<String> response = controlResponse(control[0], control[1], token,
                        "{\"mode\":\"BANNED\",\"reason\":\"agent\",\"quantity\":1}");
                assertThat(response.statusCode()).as(person + " " + control[1]).isEqualTo(403);
                assertThat(response.body()).as(person + " " + control[1]).contains("never an agent's");
            }
        }
    }

    @Test
    void theBenchmarksFloorsAreNotServedUnlessTheHarnessAsksForThem() {
        // The first test shows no noop tool in tools/list; here the in-process ordering loop, which would let an agent
        // place orders round the tool-call gate's rate limit, is no endpoint at all.
        String agent = agentToken("customer1");
        long eventsBefore = events.readEvents("customer1").asStream().count();

        HttpResponse<String> response = controlResponse("POST", "/benchmark/command-side", agent,
                "{\"sku\":\"SHIRT-CLASSIC-M\",\"seconds\":1}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(events.readEvents("customer1").asStream().count()).isEqualTo(eventsBefore);
    }

    @Test
    void theProtectedResourceMetadataNamesTheAuthorizationServerAndTheScopes() throws Exception {
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(auth().edgeBase() + path)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode metadata = JSON.readTree(response.body());
            assertThat(metadata.path("authorization_servers").get(0).asText()).isEqualTo(auth().issuer());
            assertThat(metadata.path("scopes_supported").toString()).contains("orders:write", "audit:read");
            assertThat(metadata.path("resource").asText())
                    .isEqualTo(path.endsWith("/mcp") ? auth().edgeResource() : auth().edgeBase());
        }
        JsonNode mcp = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(auth().edgeBase()
                + "/.well-known/oauth-protected-resource/mcp")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(mcp.path("scopes_supported").toString()).doesNotContain("account:manage", "orders:approve");
    }

    @Test
    void aClientThatReachedTheEdgeAsLocalhostIsToldAboutLocalhostAndItsTokensWork() throws Exception {
        String byName = auth().edgeBaseByName();
        HttpResponse<String> unauthenticated = HTTP.send(HttpRequest.newBuilder(URI.create(byName + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(initializeMessage())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unauthenticated.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("resource_metadata=\"" + byName + "/.well-known/oauth-protected-resource/mcp\"");
        JsonNode metadata = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(byName
                + "/.well-known/oauth-protected-resource/mcp")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(metadata.path("resource").asText()).isEqualTo(auth().edgeResourceByName());

        DevelopmentLogin browser = auth().client();
        String clientId = browser.registerPublicClient("MCP test agent " + UUID.randomUUID(), SHOPPING.split(" "));
        String token = (String) browser.signIn(clientId, "customer1", SHOPPING, auth().edgeResourceByName())
                .get("access_token");
        McpSyncClient client = remembered(McpAgentClients.connect(byName, token, "mcp-tools-it", Duration.ofSeconds(30)));
        assertThat(structured(client.callTool(placeOrder("MUG-LOGO", 1, "key-" + UUID.randomUUID()))).get("status"))
                .isEqualTo("CONFIRMED");
    }

    @Test
    void anAgentsTokenForTheEdgesOtherNameIsNotATokenForTheControlsOrTheQuerySide() {
        DevelopmentLogin browser = auth().client();
        String clientId = browser.registerPublicClient("MCP test agent " + UUID.randomUUID(), SHOPPING.split(" "));
        for (String resource : List.of(auth().edgeBaseByName(), auth().querySideResource(), "http://localhost:1/mcp")) {
            assertThatThrownBy(() -> browser.signIn(clientId, "customer1", SHOPPING, resource)).as(resource)
                    .hasMessageContaining("invalid_target");
        }
    }

    // ---------------------------------------------------------------- hardening

    @Test
    void aForeignOriginIsRefused() throws Exception {
        HttpResponse<String> response = post(agentToken("customer1"), initializeMessage(),
                Map.of("Origin", "https://evil.example"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("origin").doesNotContain("Exception");
    }

    @Test
    void theEdgesOwnOriginIsAllowedUnderEitherName() throws Exception {
        for (String origin : List.of(auth().edgeBase(), auth().edgeBaseByName())) {
            HttpResponse<String> response = post(agentToken("customer1"), initializeMessage(), Map.of("Origin", origin));

            assertThat(response.statusCode()).as(origin).isEqualTo(200);
        }
        for (String origin : List.of("http://localhost:" + (auth().edgePort() + 1), "https://localhost:"
                + auth().edgePort(), "http://127.0.0.1.evil.example:" + auth().edgePort(), "null")) {
            assertThat(post(agentToken("customer1"), initializeMessage(), Map.of("Origin", origin)).statusCode())
                    .as(origin).isEqualTo(403);
        }
    }

    @Test
    void aForeignHostIsRefused() throws Exception {
        String body = initializeMessage();
        String request = "POST /mcp HTTP/1.1\r\nHost: rebound.evil.example:" + auth().edgePort() + "\r\n"
                + "Authorization: Bearer " + agentToken("customer1") + "\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nContent-Length: " + body.length() + "\r\n"
                + "Connection: close\r\n\r\n" + body;

        String response = rawHttp(request);

        assertThat(response).startsWith("HTTP/1.1 403").contains("host");
    }

    @Test
    void anOversizedBodyIs413AndChangesNothing() throws Exception {
        String token = agentToken("customer1");
        int before = stored("customer1");
        String huge = toolCall("place_order", Map.of("lines", List.of(Map.of("sku", "MUG-LOGO", "quantity", 1)),
                "idempotencyKey", "k-huge", "note", "x".repeat(100_000)));

        HttpResponse<String> response = post(token, huge, Map.of());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(stored("customer1")).isEqualTo(before);
    }

    @Test
    void everyMessageMcpDoesNotAllowGetsItsJsonRpcErrorNoJavaAndChangesNothing() throws Exception {
        String token = agentToken("customer1");
        int before = stored("customer1");
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        // body → HTTP status, JSON-RPC code, the id answered (null when the request had none usable)
        List<Object[]> cases = List.of(
                new Object[]{"{\"jsonrpc\": \"2.0\", \"method\": ", 400, -32700, null},
                new Object[]{ping + " {\"more\":1}", 400, -32700, null},
                new Object[]{"", 400, -32700, null},
                new Object[]{"[" + ping + "," + ping + "]", 400, -32600, null},
                new Object[]{"{}", 400, -32600, null},
                new Object[]{"\"hello\"", 400, -32600, null},
                new Object[]{"{\"id\":1,\"method\":\"ping\"}", 400, -32600, "1"},
                new Object[]{"{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", 400, -32600, "1"},
                new Object[]{"{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", 400, -32600, null},
                new Object[]{"{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}", 400, -32600, null},
                new Object[]{"{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", 400, -32600, null},
                new Object[]{"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":7}", 400, -32600, "3"},
                new Object[]{"{\"jsonrpc\":\"2.0\",\"id\":3}", 400, -32600, "3"},
                new Object[]{"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\"}", 200, -32602, "3"},
                new Object[]{"{\"jsonrpc\":\"2.0\",\"id\":\"c\",\"method\":\"tools/call\",\"params\":[1]}", 200, -32602,
                        "c"},
                new Object[]{"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":5}}", 200,
                        -32602, "3"},
                new Object[]{"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"place_order\",\"arguments\":[1]}}", 200, -32602, "3"},
                new Object[]{"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"launch_rocket\",\"arguments\":{}}}", 200, -32602, "3"},
                new Object[]{"{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"foo/bar\"}", 200, -32601, "4"});

        for (Object[] bad : cases) {
            String body = (String) bad[0];
            HttpResponse<String> response = post(token, body, Map.of());

            assertThat(response.statusCode()).as(body).isEqualTo(bad[1]);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(body).startsWith("application/json");
            assertNoJava(body, response.body());
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.path("jsonrpc").asText()).as(body).isEqualTo("2.0");
            assertThat(answer.path("error").path("code").asInt()).as(body + " → " + response.body()).isEqualTo(bad[2]);
            assertThat(answer.path("error").path("message").asText()).as(body).isNotBlank();
            assertThat(answer.has("id")).as(body).isTrue();
            assertThat(answer.get("id").isNull() ? null : answer.get("id").asText()).as(body).isEqualTo(bad[3]);
        }
        assertThat(stored("customer1")).isEqualTo(before);
    }

    @Test
    void aResponseOrNotificationFromTheClientIsAcceptedWithNothingToSay() throws Exception {
        String token = agentToken("customer1");

        for (String message : List.of("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"error\":{\"code\":-1,\"message\":\"no\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")) {
            HttpResponse<String> response = post(token, message, Map.of());

            assertThat(response.statusCode()).as(message).isEqualTo(202);
            assertThat(response.body()).as(message).isEmpty();
        }
    }

    @Test
    void aRequestStreamableHttpDoesNotAllowIsRefusedWithAJsonRpcErrorSayingWhy() throws Exception {
        String token = agentToken("customer1");
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        for (String method : List.of("GET", "DELETE", "PUT", "PATCH")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(auth().edgeBase() + "/mcp"))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json, text/event-stream")
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(ping)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(method).contains("POST");
            assertNoJava(method, response.body());
            assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("POST");
        }
        Map<String, Object[]> headers = new java.util.LinkedHashMap<>();
        headers.put("text/plain body", new Object[]{Map.of("Content-Type", "text/plain"), 415, "application/json"});
        headers.put("Accept JSON only", new Object[]{Map.of("Accept", "application/json"), 406, "text/event-stream"});
        headers.put("Accept anything", new Object[]{Map.of("Accept", "*/*"), 406, "text/event-stream"});
        headers.put("unknown protocol version", new Object[]{Map.of("MCP-Protocol-Version", "1999-01-01"), 400,
                "2025-11-25"});
        for (Map.Entry<String, Object[]> request : headers.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, String> sent = (Map<String, String>) request.getValue()[0];
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(auth().edgeBase() + "/mcp"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(ping));
            Map<String, String> all = new java.util.HashMap<>(Map.of("Content-Type", "application/json",
                    "Accept", "application/json, text/event-stream"));
            all.putAll(sent);
            all.forEach(builder::header);

            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(request.getKey()).isEqualTo(request.getValue()[1]);
            assertNoJava(request.getKey(), response.body());
            assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).as(request.getKey())
                    .contains((String) request.getValue()[2]);
        }
        for (String version : List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05")) {
            assertThat(post(token, ping, Map.of("MCP-Protocol-Version", version)).statusCode()).as(version).isEqualTo(200);
        }
    }

    /**
     * The MCP endpoint answers {@code /%6Dcp} as {@code /mcp}; so does the gate in front of it, or a request could go
     * round its checks (Accept, rate, body cap, scope) by spelling the path another way. Found while letting agent ids
     * with slashes into the controls' paths.
     */
    @Test
    void theEndpointSpelledWithEncodedLettersMeetsTheSameGate() throws Exception {
        String token = agentToken("customer1");
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        for (String path : List.of("/%6Dcp", "/%6dcp", "/m%63p")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(auth().edgeBase() + path))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(ping)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(406);
            assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).as(path)
                    .contains("text/event-stream");
        }
    }

    @Test
    void anMcpErrorThatReachesSpringMvcIsWrittenAsAJsonRpcErrorWithoutItsStack() throws Exception {
        McpError error = McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message("no such thing")
                .build();

        String written = mvcJson.writeValueAsString(error);

        assertNoJava("McpError", written);
        assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"no such thing\"}}"));
    }

    private static void assertNoJava(String request, String body) {
        assertThat(body).as(request)
                .doesNotContain("stackTrace").doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("at io.").doesNotContain("java.").doesNotContain("localizedMessage")
                .doesNotContain("io.modelcontextprotocol");
    }

    @Test
    void anAgentOverItsRateIsToldToWait() throws Exception {
        String token = agentToken("customer1");
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 60 && limited == null; i++) {
            HttpResponse<String> response = post(token, "{}", Map.of());
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertThat(limited).as("statuses %s", statuses).isNotNull();
        assertThat(limited.headers().firstValue("Retry-After")).contains("1");
    }

    // ---------------------------------------------------------------- helpers

    private McpSyncClient connect(String token) {
        return remembered(McpAgentClients.connect(auth().edgeBase(), token, "mcp-tools-it", Duration.ofSeconds(30),
                Map.of("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")));
    }

    private McpSyncClient connectWithout(String token) {
        return remembered(McpAgentClients.connect(auth().edgeBase(), token, "mcp-tools-it", Duration.ofSeconds(30)));
    }

    private McpSyncClient remembered(McpSyncClient client) {
        clients.add(client);
        return client;
    }

    /** The traceparent header of the order's OrderPlaced record on the events topic (waits for the relay). */
    private String traceparentOnKafka(String orderId) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStacks.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "trace-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header type = record.headers().lastHeader("eventType");
                    Header trace = record.headers().lastHeader("traceparent");
                    if (orderId.equals(record.key()) && type != null && trace != null
                            && new String(type.value(), StandardCharsets.UTF_8).equals("OrderPlaced")) {
                        return new String(trace.value(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        throw new AssertionError("no OrderPlaced record with a traceparent for " + orderId + " on Kafka");
    }

    private String agentToken(String userId, String... untick) {
        return signedInAgent(userId, untick).token();
    }

    /** A new shopping agent (a client registered as an MCP client would) signed in by the user, consent given. */
    private SignedInAgent signedInAgent(String userId, String... untick) {
        return agentAskingFor(SHOPPING, userId, untick);
    }

    /** A new agent asking for {@code scope}, signed in by the user, consent given to all but {@code untick}. */
    private SignedInAgent agentAskingFor(String scope, String userId, String... untick) {
        DevelopmentLogin browser = auth().client();
        String clientId = browser.registerPublicClient("MCP test agent " + UUID.randomUUID(), scope.split(" "));
        return new SignedInAgent(clientId, (String) browser.signIn(clientId, userId, scope, auth().edgeResource(),
                untick).get("access_token"));
    }

    private record SignedInAgent(String id, String token) {
    }

    private String consoleToken(String userId) {
        return (String) auth().client().signIn("agentshop-console", userId, "openid account:read account:manage",
                auth().edgeBase()).get("access_token");
    }

    private static McpSchema.CallToolRequest placeOrder(String sku, int quantity, String key) {
        return new McpSchema.CallToolRequest("place_order", Map.of(
                "lines", List.of(Map.of("sku", sku, "quantity", quantity)), "idempotencyKey", key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isNotEqualTo(Boolean.TRUE);
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private int refusalsRecorded(String targetId, String reason) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%CommandRejected'"
                        + " AND convert_from(payload, 'UTF8')::jsonb ->> 'targetId' = ?"
                        + " AND convert_from(payload, 'UTF8')::jsonb ->> 'reason' = ?",
                Integer.class, targetId, reason);
    }

    private int rejectionsRecorded(String targetId) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%CommandRejected'"
                + " AND convert_from(payload, 'UTF8')::jsonb ->> 'targetId' = ?", Integer.class, targetId);
    }

    /**
     * One tools/call over plain HTTP, for bytes a client library would not send. The server is stateless: no session to
     * open first, and a plain call is answered with a JSON body.
     */
    private static String callOverRawHttp(String token, String toolCall) throws Exception {
        HttpResponse<String> response = post(token, toolCall, Map.of());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return response.body();
    }

    private int stored(String aggregateId) {
        return (int) events.readEvents(aggregateId).asStream().count();
    }

    private void control(String method, String path, String token, String body) {
        HttpResponse<String> response = controlResponse(method, path, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpResponse<String> controlResponse(String method, String path, String token, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(auth().edgeBase() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scopes of a {@code WWW-Authenticate} challenge, in its order. */
    private static List<String> challengedScopes(String challenge) {
        java.util.regex.Matcher scope = java.util.regex.Pattern.compile("scope=\"([^\"]*)\"").matcher(challenge);
        assertThat(scope.find()).as(challenge).isTrue();
        return List.of(scope.group(1).split(" "));
    }

    private static HttpResponse<String> post(String token, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        // The timeout: an answer whose stream stayed open would never end (the test fails instead of hanging).
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(auth().edgeBase() + "/mcp"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String initializeMessage() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    }

    private static String toolCall(String tool, Map<String, Object> arguments) {
        try {
            return JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/call",
                    "params", Map.of("name", tool, "arguments", arguments)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rawHttp(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", auth().edgePort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
