package io.agentshop.mcpedge.mcp;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The shop's tools, served by Spring AI's MCP server; each call goes through {@link ToolCalls}. */
@Configuration(proxyBeanMethods = false)
class McpToolsConfiguration {

    @Bean
    ShopTools shopTools(List<ToolGroup> groups) {
        return new ShopTools(groups.stream().flatMap(group -> group.tools().stream())
                .collect(Collectors.toMap(ShopTool::name, Function.identity(), (a, b) -> {
                    throw new IllegalStateException("two tools named " + a.name());
                }, LinkedHashMap::new)));
    }

    @Bean
    List<McpServerFeatures.SyncToolSpecification> toolSpecifications(ShopTools tools, ToolCalls calls) {
        return tools.all().stream().map(tool -> McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder()
                        .name(tool.name())
                        .title(tool.title())
                        .description(tool.description() + " Needs the scope " + tool.scope() + ".")
                        .inputSchema(new McpSchema.JsonSchema("object", properties(tool.inputSchema()),
                                required(tool.inputSchema()), (Boolean) tool.inputSchema().get("additionalProperties"),
                                null, null))
                        .outputSchema(tool.outputSchema())
                        .annotations(tool.annotations())
                        .build())
                .callHandler((exchange, request) -> calls.call(tool, exchange, request))
                .build()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> schema) {
        return (Map<String, Object>) schema.getOrDefault("properties", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static List<String> required(Map<String, Object> schema) {
        return (List<String>) schema.get("required");
    }
}
