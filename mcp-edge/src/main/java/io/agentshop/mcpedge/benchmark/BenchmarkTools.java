package io.agentshop.mcpedge.benchmark;

import io.agentshop.commandside.api.Scope;
import io.agentshop.mcpedge.mcp.ShopTool;
import io.agentshop.mcpedge.mcp.ToolGroup;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * {@code noop}: a tool that does nothing, called through the same gate, security, transport, argument checks and JSON
 * as every other tool. The harness's floor for "what a tool call costs before the shop does any work".
 */
@Component
@ConditionalOnProperty(name = "agentshop.benchmark.enabled", havingValue = "true")
class BenchmarkTools implements ToolGroup {

    private static final Map<String, Object> EMPTY_OBJECT = Map.of("type", "object", "properties", Map.of(),
            "additionalProperties", false);

    @Override
    public List<ShopTool> tools() {
        return List.of(new ShopTool("noop", "Do nothing",
                "Does nothing and answers an empty object; served only to the benchmark harness.", Scope.CATALOG_READ,
                new McpSchema.ToolAnnotations("Do nothing", true, false, true, false, null), EMPTY_OBJECT,
                EMPTY_OBJECT, (actor, arguments) -> Map.of()));
    }
}
