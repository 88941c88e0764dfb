package io.agentshop.infra.bench;

import io.agentshop.infra.stack.DevelopmentLogin;
import io.agentshop.infra.stack.McpAgentClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One agent with a user of its own ({@code shopper-N}): registered by dynamic registration, signed in with PKCE and
 * consent, its limits raised by its user through the console so that the run measures the shop, not a daily limit.
 * It talks to the first edge node; {@link #placeOrderCarefully} is how a careful agent orders when nodes may die.
 */
final class SimulatedAgent implements AutoCloseable {

    private static final String SCOPES = "catalog:read orders:read orders:write";
    /** Refusals that say "not now" rather than "no": the same call may succeed when asked again. */
    private static final Set<String> TRANSIENT = Set.of("SYSTEM_ERROR", "UNAVAILABLE");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    /** An order the shop acknowledged, when, and after how many attempts. */
    record AcknowledgedOrder(String orderId, Instant began, Instant at, int attempts) {
    }

    /** The shop said no to an order, for good: {@code reason} is its reason code. */
    static final class Refused extends RuntimeException {
        final String reason;

        Refused(String reason, String said) {
            super(reason + ": " + said);
            this.reason = reason;
        }
    }

    final String user;
    private final String token;
    private final List<String> edges;
    private final McpSyncClient mcp;
    private String sku;
    private final List<String> orders = new ArrayList<>();
    private int edge;
    private McpSyncClient careful;

    private SimulatedAgent(String user, String token, List<String> edges, McpSyncClient mcp, String sku,
                           int firstEdge) {
        this.user = user;
        this.token = token;
        this.edges = edges;
        this.mcp = mcp;
        this.sku = sku;
        this.edge = firstEdge % edges.size();
    }

    static SimulatedAgent signIn(SystemUnderTest system, int number, String sku) {
        String user = "shopper-" + number;
        DevelopmentLogin browser = new DevelopmentLogin(system.issuer());
        String agentId = browser.registerPublicClient("bench agent " + number, SCOPES.split(" "));
        String token = (String) browser.signIn(agentId, user, SCOPES, system.edge() + "/mcp").get("access_token");
        String console = (String) new DevelopmentLogin(system.issuer()).signIn("agentshop-console", user,
                "openid account:manage", system.edge()).get("access_token");
        Map<String, Object> generous = Map.of("minorUnits", 1_000_000_000_00L, "currency", "EUR");
        Http.send("PUT", system.edge() + "/controls/me/agents/" + agentId + "/limits", console,
                Map.of("maxOrderTotal", generous, "dailySpend", generous, "allowedCategories", List.of(),
                        "approvalThreshold", generous), 200);
        McpSyncClient mcp = McpAgentClients.connect(system.edge(), token, "agent-shop-bench", CALL_TIMEOUT);
        // Any edge node serves the agent's token: each one accepts the audiences of all of them.
        // Careful orders start on different edge nodes, so that the nodes write the same Product at the same time.
        return new SimulatedAgent(user, token, system.edges(), mcp, sku, number);
    }

    /** What it orders from now on. */
    void orderSku(String sku) {
        this.sku = sku;
    }

    /**
     * One order of one unit as a careful agent places it when nodes may die: one idempotency key for all attempts;
     * an edge that does not answer (connection refused, reset, timed out) is left for the next one; a refusal that
     * says "not now" is asked again. The shop answers a repeated key with the order it already placed, so however
     * often this retries, it orders once. Gives up (throws) only after {@code patience}.
     *
     * @param retries counts every attempt after the first
     */
    AcknowledgedOrder placeOrderCarefully(Duration patience, AtomicInteger retries) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        Instant began = Instant.now();
        Instant deadline = began.plus(patience);
        String lastProblem = null;
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                retries.incrementAndGet();
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(user + " gave up on an order after " + patience.toSeconds()
                            + " s: " + lastProblem);
                }
                // A pause before asking again, so that a stalled system is not flooded: 250 ms, as a client would.
                Thread.sleep(250);
            }
            McpSchema.CallToolResult result;
            try {
                result = carefulClient().callTool(new McpSchema.CallToolRequest("place_order", Map.of(
                        "lines", List.of(Map.of("sku", sku, "quantity", 1)), "idempotencyKey", key)));
            } catch (RuntimeException unanswered) {
                lastProblem = edges.get(edge) + ": " + unanswered;
                nextEdge();
                continue;
            }
            if (!Boolean.TRUE.equals(result.isError())) {
                String orderId = (String) ((Map<?, ?>) result.structuredContent()).get("orderId");
                return new AcknowledgedOrder(orderId, began, Instant.now(), attempt);
            }
            String reason = result.meta() == null ? null : String.valueOf(result.meta().get("agentshop/reason"));
            String said = result.content().isEmpty() ? "" : result.content().get(0).toString();
            if (!TRANSIENT.contains(reason)) {
                throw new Refused(reason, said);
            }
            lastProblem = said;
        }
    }

    private McpSyncClient carefulClient() {
        if (careful == null) {
            careful = McpAgentClients.connect(edges.get(edge), token, "agent-shop-careful", CALL_TIMEOUT);
        }
        return careful;
    }

    private void nextEdge() {
        if (careful != null) {
            try {
                careful.close();
            } catch (RuntimeException alreadyBroken) {
                // The edge it talked to is gone; there is nothing to close gracefully.
            }
            careful = null;
        }
        edge = (edge + 1) % edges.size();
    }

    /** Places one order of one unit; returns its id, or null when the shop refused it. */
    String placeOrder() {
        McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("place_order", Map.of(
                "lines", List.of(Map.of("sku", sku, "quantity", 1)), "idempotencyKey", UUID.randomUUID().toString())));
        if (Boolean.TRUE.equals(result.isError())) {
            return null;
        }
        String orderId = (String) ((Map<?, ?>) result.structuredContent()).get("orderId");
        orders.add(orderId);
        return orderId;
    }

    boolean searchProducts() {
        return !Boolean.TRUE.equals(mcp.callTool(new McpSchema.CallToolRequest("search_products",
                Map.of("query", "shirt"))).isError());
    }

    /** Reads back one of its own orders (the latest: the freshest read, the one most likely to wait). */
    boolean getOrder() {
        if (orders.isEmpty()) {
            return searchProducts();
        }
        return !Boolean.TRUE.equals(mcp.callTool(new McpSchema.CallToolRequest("get_order",
                Map.of("orderId", orders.get(orders.size() - 1)))).isError());
    }

    /** The benchmark-only tool that does nothing: the floor of a tool call. */
    boolean noop() {
        return !Boolean.TRUE.equals(mcp.callTool(new McpSchema.CallToolRequest("noop", Map.of())).isError());
    }

    /**
     * Places orders in the edge's JVM for {@code seconds}, without MCP (the benchmark-only endpoint): the command
     * side's floor. Answers how many were placed and refused, and the placed ones' latencies in microseconds.
     */
    com.fasterxml.jackson.databind.JsonNode placeOrdersInProcess(String edge, int seconds) {
        return Http.send("POST", edge + "/benchmark/command-side", token, Map.of("sku", sku, "seconds", seconds), 200);
    }

    @Override
    public void close() {
        mcp.closeGracefully();
        if (careful != null) {
            careful.close();
        }
    }
}
