package io.agentshop.mcpedge.mcp;

import io.agentshop.commandside.api.Scope;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.commandside.api.Actor;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.Map;

/**
 * One MCP tool of the shop: what an agent sees in {@code tools/list} (schemas from {@code mcp/tools/<name>.json}),
 * the scope a token needs to call it, and what it does for the calling Actor.
 */
public record ShopTool(String name, String title, String description, Scope scope,
                       McpSchema.ToolAnnotations annotations, Map<String, Object> inputSchema,
                       Map<String, Object> outputSchema, Handler handler) {

    /** Does the tool's work; arguments are valid against the input schema. The result becomes structuredContent. */
    @FunctionalInterface
    public interface Handler {
        Object call(Actor actor, JsonNode arguments);
    }

    static McpSchema.ToolAnnotations readOnly(String title) {
        return new McpSchema.ToolAnnotations(title, true, false, true, false, null);
    }

    static McpSchema.ToolAnnotations writing(String title, boolean destructive, boolean idempotent) {
        return new McpSchema.ToolAnnotations(title, false, destructive, idempotent, false, null);
    }
}
