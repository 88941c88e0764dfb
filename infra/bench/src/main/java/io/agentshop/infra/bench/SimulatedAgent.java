package io.agentshop.infra.bench;

import io.agentshop.infra.stack.DevelopmentLogin;
import io.agentshop.infra.stack.McpAgentClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One agent with a user of its own ({@code shopper-N}): registered by dynamic registration, signed in with PKCE and
 * consent, its limits raised by its user through the console so that the run measures the shop, not a daily limit.
 */
final class SimulatedAgent implements AutoCloseable {

    private static final String SCOPES = "catalog:read orders:read orders:write";

    final String user;
    private final McpSyncClient mcp;
    private final String sku;
    private final List<String> orders = new ArrayList<>();

    private SimulatedAgent(String user, McpSyncClient mcp, String sku) {
        this.user = user;
        this.mcp = mcp;
        this.sku = sku;
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
        McpSyncClient mcp = McpAgentClients.connect(system.edge(), token, "agent-shop-bench", Duration.ofSeconds(60));
        return new SimulatedAgent(user, mcp, sku);
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

    @Override
    public void close() {
        mcp.closeGracefully();
    }
}
