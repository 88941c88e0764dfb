package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.mcpedge.identity.RecentEntries;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * What an MCP client declared it can do, as far as the shop needs to know: whether it handles URL-mode elicitation
 * (MCP 2025-11-25, {@code capabilities.elicitation.url} in {@code initialize}). The edge is stateless (no MCP session),
 * and the protocol states capabilities only in {@code initialize}, so the last declaration each agent made for each
 * user is remembered here, on this node. Where a node did not see it (another node did, or it restarted), the agent
 * is treated as not declaring it: it gets the approval link in the result instead, the safe side of the rule that a
 * server must not send an elicitation mode the client does not support.
 */
@Component
public class ClientCapabilities {

    private static final int REMEMBERED = 10_000;

    private final Map<String, Boolean> urlElicitation = RecentEntries.map(REMEMBERED);

    /** Called for every {@code initialize} an authenticated agent sends. */
    void initialized(String agentId, String userId, JsonNode initialize) {
        JsonNode url = initialize.path("params").path("capabilities").path("elicitation").path("url");
        urlElicitation.put(key(agentId, userId), url.isObject());
    }

    boolean urlElicitation(String agentId, String userId) {
        return Boolean.TRUE.equals(urlElicitation.get(key(agentId, userId)));
    }

    private static String key(String agentId, String userId) {
        return agentId + "\n" + userId;
    }
}
