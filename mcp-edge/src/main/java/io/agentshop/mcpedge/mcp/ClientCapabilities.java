package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.mcpedge.identity.RecentEntries;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * What an MCP client declared it can do, as far as the shop needs to know: whether it handles URL-mode elicitation
 * ({@code capabilities.elicitation.url} in an {@code initialize} of protocol 2025-11-25 or later). The edge is
 * stateless (no MCP session) and the protocol states capabilities only in {@code initialize}, so the declaration is
 * remembered here, on this node, for the access token it came with ({@code jti}): one client, one connection. Every
 * other call (another token, a refreshed one, another node, a restart, a token without {@code jti}) counts as not
 * declaring it and gets the approval link in the result instead: the safe side of the rule that a server must not
 * send an elicitation mode the client does not support.
 */
@Component
public class ClientCapabilities {

    private static final int REMEMBERED = 10_000;

    private final Map<String, Boolean> urlElicitation = RecentEntries.map(REMEMBERED);

    /** The first protocol version with URL-mode elicitation; versions are dates, so they compare as text. */
    static final String URL_ELICITATION_SINCE = "2025-11-25";

    /** Called for every {@code initialize} an authenticated caller sends, with its token's {@code jti}. */
    void initialized(String tokenId, JsonNode initialize) {
        if (tokenId == null) {
            return;
        }
        JsonNode params = initialize.path("params");
        boolean declared = params.path("capabilities").path("elicitation").path("url").isObject()
                && params.path("protocolVersion").asText("").compareTo(URL_ELICITATION_SINCE) >= 0;
        urlElicitation.put(tokenId, declared);
    }

    boolean urlElicitation(String tokenId) {
        return tokenId != null && Boolean.TRUE.equals(urlElicitation.get(tokenId));
    }
}
