package io.agentshop.infra.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.infra.stack.DevelopmentLogin;
import io.agentshop.infra.stack.McpAgentClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The product's promise in one story, against a running local system, told step by step: an MCP client finds the
 * authorization server from the edge's 401, registers, and customer1 signs in and consents; the agent looks itself
 * up, finds shirts and orders one; an admin bans the account and the next order is refused; the auditor sees every
 * attempt and a chain that verifies; the ban is lifted, customer1 revokes the agent, and its next call is refused
 * although its token is still valid. Each step checks what it expects and stops the story where the system differs.
 * {@code java -jar agent-shop-local.jar demo} runs it for a person; the system test runs it and checks the result.
 */
public final class ShopStory {

    static final String CUSTOMER = "customer1";
    static final String SHIRT = "SHIRT-CLASSIC-M";
    private static final String SHOPPING = "catalog:read orders:read orders:write orders:cancel account:read";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private final String edge;
    private final String querySide;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<McpSyncClient> clients = new ArrayList<>();

    /** What one story run learns as it goes, for the steps after. */
    private String issuer;
    private String resource;
    private DevelopmentLogin browser;
    private String agentId;
    private McpSyncClient agent;
    private String admin;

    /** What the story saw, for whoever wants to check more than the story itself does. */
    public record Seen(String issuer, String agentId, Map<String, Object> whoami, List<String> shirtSkus,
                       Map<String, Object> placed, Map<String, Object> readBack, String banRefusal,
                       int stockBefore, int stockAfter, List<Map<String, Object>> attempts,
                       Map<String, Object> modeChange, boolean chainIntact, String revokedRefusal) {
    }

    /** Stops the story where the system does not do what the story expects. */
    public static final class StoryFailed extends RuntimeException {
        StoryFailed(String message) {
            super(message, null, false, false);
        }
    }

    public ShopStory(String edge, String querySide, PrintStream out) {
        this.edge = edge;
        this.querySide = querySide;
        this.out = out;
    }

    /** {@code demo [edge-url] [query-side-url]}: the story against the local system, printed as it happens. */
    public static void main(String[] args) {
        String edge = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        String querySide = args.length > 1 ? args[1] : "http://127.0.0.1:8081";
        try {
            new ShopStory(edge, querySide, System.out).run();
            System.out.println("\nThe story went as promised.");
        } catch (StoryFailed failed) {
            System.err.println("\nThe story stopped: " + failed.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("\nThe story stopped: " + e + " (is the system running? ./run.sh)");
            System.exit(1);
        }
    }

    public Seen run() {
        try {
            return tell();
        } finally {
            clients.forEach(McpSyncClient::closeGracefully);
        }
    }

    /** The story in its steps, each told and checked before the next; what was seen is the result. */
    private Seen tell() {
        signIn();
        Map<String, Object> whoami = whoami();
        Shopped shopped = shop();
        banTheAccount();
        Refused refused = orderWhileBanned(shopped.stockBefore());
        Audited audited = audit();
        String revoked = revokeTheAgent();
        return new Seen(issuer, agentId, whoami, shopped.skus(), shopped.placed(), shopped.readBack(),
                refused.refusal(), shopped.stockBefore(), refused.stockAfter(), audited.attempts(),
                audited.modeChange(), audited.intact(), revoked);
    }

    private record Shopped(List<String> skus, int stockBefore, Map<String, Object> placed,
                           Map<String, Object> readBack) {
    }

    private record Refused(String refusal, int stockAfter) {
    }

    private record Audited(List<Map<String, Object>> attempts, Map<String, Object> modeChange, boolean intact) {
    }

    private void signIn() {
        step(0, "An MCP client signs " + CUSTOMER + " in, knowing only " + edge + "/mcp");
        HttpResponse<String> unauthorized = send(HttpRequest.newBuilder(URI.create(edge + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        expect(unauthorized.statusCode() == 401, "the edge answers 401 without a token, not " + unauthorized.statusCode());
        Matcher pointer = Pattern.compile("resource_metadata=\"([^\"]+)\"")
                .matcher(unauthorized.headers().firstValue("WWW-Authenticate").orElse(""));
        expect(pointer.find(), "the 401 names the resource metadata");
        JsonNode metadata = getJson(pointer.group(1), null);
        issuer = metadata.path("authorization_servers").path(0).asText();
        resource = metadata.path("resource").asText();
        saw("401 → " + pointer.group(1) + " → authorization server " + issuer);
        browser = new DevelopmentLogin(issuer);
        agentId = browser.registerPublicClient("Demo shopping agent", SHOPPING.split(" "));
        saw("registered as client " + agentId + " (RFC 7591); " + CUSTOMER + " logs in and consents (PKCE S256)");
        agent = connect((String) browser.signIn(agentId, CUSTOMER, SHOPPING, resource).get("access_token"));
    }

    private Map<String, Object> whoami() {
        step(1, "whoami");
        Map<String, Object> whoami = structured(agent.callTool(call("whoami", Map.of())));
        saw("user " + whoami.get("userId") + ", agent " + whoami.get("agentId") + ", scopes " + whoami.get("scopes")
                + ", account " + whoami.get("accountMode"));
        expect(CUSTOMER.equals(whoami.get("userId")) && agentId.equals(whoami.get("agentId"))
                && "ACTIVE".equals(whoami.get("accountMode")), "whoami names the user, the agent and ACTIVE");
        return whoami;
    }

    private Shopped shop() {
        step(2, "search for shirts, order one in size M, read it back");
        List<String> skus = new ArrayList<>();
        for (Object product : (List<?>) structured(agent.callTool(call("search_products", Map.of("query", "shirt"))))
                .get("products")) {
            skus.add((String) ((Map<?, ?>) product).get("sku"));
        }
        saw("found " + skus);
        expect(skus.contains(SHIRT) && skus.size() > 1, "shirts come in several sizes, M among them");
        int stockBefore = stockOf(agent);
        Map<String, Object> placed = structured(agent.callTool(orderOneShirt()));
        saw("place_order → " + placed.get("status") + ", order " + placed.get("orderId") + ", total "
                + placed.get("total"));
        expect("CONFIRMED".equals(placed.get("status")), "the order is confirmed");
        Map<String, Object> readBack = structured(agent.callTool(call("get_order",
                Map.of("orderId", placed.get("orderId")))));
        saw("get_order at once → " + readBack.get("status"));
        expect("CONFIRMED".equals(readBack.get("status")), "the order reads back at once");
        return new Shopped(skus, stockBefore, placed, readBack);
    }

    private void banTheAccount() {
        step(3, "the admin bans " + CUSTOMER + "'s account, with a reason");
        admin = console(issuer, "admin", edge);
        control("PUT", "/controls/admin/accounts/" + CUSTOMER + "/mode", admin,
                "{\"mode\":\"BANNED\",\"reason\":\"chargeback fraud\"}");
        saw("PUT /controls/admin/accounts/" + CUSTOMER + "/mode BANNED \"chargeback fraud\" → accepted");
    }

    private Refused orderWhileBanned(int stockBefore) {
        step(4, "the agent orders again");
        McpSchema.CallToolResult refused = agent.callTool(orderOneShirt());
        saw("place_order → " + text(refused));
        expect(Boolean.TRUE.equals(refused.isError()) && text(refused).startsWith("ACCOUNT_BANNED: "),
                "the order is refused with ACCOUNT_BANNED");
        McpSchema.CallToolResult browsing = agent.callTool(call("get_product", Map.of("sku", SHIRT)));
        saw("get_product → " + text(browsing).substring(0, text(browsing).indexOf(':')) + " (a banned account's agent"
                + " does not even browse)");
        expect(Boolean.TRUE.equals(browsing.isError()) && text(browsing).startsWith("ACCOUNT_BANNED: "),
                "the banned account's agent cannot even read the catalog");
        // The admin reads the stock from the catalog with a token of their own: the agent no longer can.
        String adminOnQuerySide = console(issuer, "admin", querySide);
        int stockAfter = eventually(() -> getJson(querySide + "/catalog/products/" + SHIRT, adminOnQuerySide)
                .path("stock").asInt(), stock -> stock == stockBefore - 1);
        saw("stock of " + SHIRT + ": " + stockBefore + " before, " + stockAfter + " now (one sold, none for the refusal)");
        return new Refused(text(refused), stockAfter);
    }

    private Audited audit() {
        step(5, "the auditor asks who did what for " + CUSTOMER);
        String auditorAgent = browser.registerPublicClient("Auditor's agent", "audit:read");
        McpSyncClient auditor = connect((String) new DevelopmentLogin(issuer)
                .signIn(auditorAgent, "auditor", "audit:read", resource).get("access_token"));
        List<Map<String, Object>> attempts = eventually(
                () -> records(auditor, Map.of("user", CUSTOMER, "action", "place_order", "agent", agentId)),
                found -> found.stream().anyMatch(record -> "refused".equals(record.get("outcome"))));
        for (Map<String, Object> record : attempts) {
            saw("#" + record.get("seq") + " " + record.get("occurredAt") + " user " + record.get("userId") + " agent "
                    + record.get("agentId") + " tool " + record.get("action") + " → " + record.get("eventType") + " "
                    + record.get("outcome") + (record.get("reasonCode") == null ? "" : " " + record.get("reasonCode")));
        }
        expect(attempts.stream().anyMatch(record -> "accepted".equals(record.get("outcome"))),
                "the first order is in the audit trail");
        Map<String, Object> modeChange = records(auditor, Map.of("targetId", CUSTOMER)).stream()
                .filter(record -> "AccountModeChanged".equals(record.get("eventType"))).findFirst()
                .orElseThrow(() -> new StoryFailed("the admin's mode change is not in the audit trail"));
        saw("#" + modeChange.get("seq") + " " + modeChange.get("eventType") + " by " + modeChange.get("userId")
                + " via " + modeChange.get("action"));
        String auditorToken = console(issuer, "auditor", querySide);
        long refusedAt = attempts.stream().filter(record -> "refused".equals(record.get("outcome")))
                .mapToLong(record -> ((Number) record.get("seq")).longValue()).max().orElseThrow();
        // Checkpoints are signed every few seconds and handed to the witness; wait until one covers the refusal.
        JsonNode verified = eventually(() -> getJson(querySide + "/audit/verify", auditorToken),
                json -> json.path("witness").path("cosignedSize").asLong() >= refusedAt);
        boolean intact = verified.path("intact").asBoolean();
        JsonNode witness = verified.path("witness");
        saw("verifier: chain " + (intact ? "intact" : "BROKEN") + "; witness " + witness.path("witness").asText()
                + " cosigned " + witness.path("cosignedSize").asLong() + " records (refusal #" + refusedAt
                + " included): " + witness.path("state").asText());
        expect(intact, "the audit chain verifies");
        expect("MATCHES".equals(witness.path("state").asText()), "the witness's checkpoint matches the records");
        return new Audited(attempts, modeChange, intact);
    }

    private String revokeTheAgent() {
        step(6, "the ban is lifted; " + CUSTOMER + " revokes the agent; the agent tries again");
        control("PUT", "/controls/admin/accounts/" + CUSTOMER + "/mode", admin,
                "{\"mode\":\"ACTIVE\",\"reason\":\"cleared after review\"}");
        String customer = console(issuer, CUSTOMER, edge);
        control("POST", "/controls/me/agents/" + agentId + "/revoke", customer, "{\"reason\":\"demo over\"}");
        saw("POST /controls/me/agents/" + agentId + "/revoke → accepted");
        McpSchema.CallToolResult revoked = agent.callTool(orderOneShirt());
        saw("place_order with the same, unexpired token → " + text(revoked));
        expect(Boolean.TRUE.equals(revoked.isError()) && text(revoked).startsWith("DELEGATION_REVOKED: "),
                "the revoked agent is refused with DELEGATION_REVOKED");
        return text(revoked);
    }

    private McpSyncClient connect(String token) {
        McpSyncClient client = mcpClient(edge, token);
        clients.add(client);
        return client;
    }

    /** An MCP client (the Java SDK's) of the edge at {@code edge}, initialized, calling with this bearer token. */
    static McpSyncClient mcpClient(String edge, String token) {
        return McpAgentClients.connect(edge, token, "agent-shop-demo", Duration.ofSeconds(30));
    }

    private int stockOf(McpSyncClient agent) {
        return ((Number) structured(agent.callTool(call("get_product", Map.of("sku", SHIRT)))).get("stock")).intValue();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> records(McpSyncClient auditor, Map<String, Object> filter) {
        return (List<Map<String, Object>>) structured(auditor.callTool(call("audit_search", filter))).get("records");
    }

    private static McpSchema.CallToolRequest orderOneShirt() {
        return call("place_order", Map.of("lines", List.of(Map.of("sku", SHIRT, "quantity", 1)),
                "idempotencyKey", UUID.randomUUID().toString()));
    }

    private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments) {
        return new McpSchema.CallToolRequest(tool, arguments);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        expect(!Boolean.TRUE.equals(result.isError()), "a tool call failed: " + text(result));
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().isEmpty() ? "" : ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static String console(String issuer, String user, String resource) {
        return (String) new DevelopmentLogin(issuer).signIn("agentshop-console", user,
                "openid account:read account:manage orders:read audit:read", resource).get("access_token");
    }

    private void control(String method, String path, String token, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(edge + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
        expect(response.statusCode() == 200, method + " " + path + " answered " + response.statusCode() + ": "
                + response.body());
    }

    private JsonNode getJson(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = send(request);
        expect(response.statusCode() == 200, url + " answered " + response.statusCode() + ": " + response.body());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new StoryFailed(url + " answered something that is not JSON");
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StoryFailed("no answer from " + request.build().uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoryFailed("interrupted");
        }
    }

    /** The read side trails the event store by moments: ask again until it shows what happened, within a bound. */
    private static <T> T eventually(Supplier<T> read, Predicate<T> shows) {
        Instant deadline = Instant.now().plus(EVENTUALLY);
        T value = read.get();
        while (!shows.test(value)) {
            expect(Instant.now().isBefore(deadline), "the read side did not show it within " + EVENTUALLY.toSeconds()
                    + " s; last seen: " + value);
            try {
                // Another process (the query side) catches up; asking again is all a client of its API can do.
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoryFailed("interrupted");
            }
            value = read.get();
        }
        return value;
    }

    private void step(int number, String title) {
        out.println();
        out.println(number == 0 ? "[sign-in] " + title : "[" + number + "] " + title);
    }

    private void saw(String line) {
        out.println("    " + line);
    }

    private static void expect(boolean condition, String expectation) {
        if (!condition) {
            throw new StoryFailed(expectation);
        }
    }
}
