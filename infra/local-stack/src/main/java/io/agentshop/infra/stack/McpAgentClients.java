package io.agentshop.infra.stack;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/**
 * An MCP client of the edge as an agent runs one (the MCP Java SDK's, over Streamable HTTP at {@code /mcp}), calling
 * with a bearer token it already has and initialized: what the demo, the benchmark and the tests drive the edge with.
 * The token comes from {@link DevelopmentLogin} (or any identity provider); this client does no OAuth of its own.
 */
public final class McpAgentClients {

    private McpAgentClients() {
    }

    public static McpSyncClient connect(String edgeBase, String accessToken, String clientName,
                                        Duration requestTimeout) {
        return connect(edgeBase, accessToken, clientName, requestTimeout, Map.of());
    }

    /** {@code headers}: sent with every request besides the token, e.g. a {@code traceparent}. */
    public static McpSyncClient connect(String edgeBase, String accessToken, String clientName,
                                        Duration requestTimeout, Map<String, String> headers) {
        HttpRequest.Builder requests = HttpRequest.newBuilder().header("Authorization", "Bearer " + accessToken);
        headers.forEach(requests::header);
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(edgeBase).endpoint("/mcp")
                        .requestBuilder(requests).build())
                .clientInfo(McpSchema.Implementation.builder(clientName, "1.0").build())
                .requestTimeout(requestTimeout)
                .build();
        client.initialize();
        return client;
    }
}
