package io.agentshop.mcpedge.mcp;

import io.agentshop.mcpedge.identity.RecentEntries;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The position of the last event this edge stored for an order, handed to the query side as the consistency token of
 * the next read of that order, so an agent that just placed or cancelled it finds it so. The query side waits per row,
 * hence a token per order, not per user. Kept per edge node (an MCP session stays on one node) and only for recent
 * writes: once the read side has caught up, a token is no longer needed.
 */
@Component
public class ReadYourWrites {

    private static final int REMEMBERED_WRITES = 10_000;

    private final Map<String, Long> lastWrite = RecentEntries.map(REMEMBERED_WRITES);

    public void wrote(String orderId, long position) {
        lastWrite.merge(orderId, position, Math::max);
    }

    /** The position the next read of this order must reflect, or null when this edge did not write it lately. */
    public Long tokenFor(String orderId) {
        return lastWrite.get(orderId);
    }
}
