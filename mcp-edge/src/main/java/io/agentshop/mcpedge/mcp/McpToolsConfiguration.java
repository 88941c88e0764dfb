package io.agentshop.mcpedge.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import org.springframework.ai.mcp.server.common.autoconfigure.properties.McpServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
@EnableConfigurationProperties(McpServerProperties.class)
class McpToolsConfiguration {

    @Bean
    ShopTools shopTools(List<ToolGroup> groups) {
        return new ShopTools(groups.stream().flatMap(group -> group.tools().stream())
                .collect(Collectors.toMap(ShopTool::name, Function.identity(), (a, b) -> {
                    throw new IllegalStateException("two tools named " + a.name());
                }, LinkedHashMap::new)));
    }

    /** Whatever reaches Spring MVC as an McpError is written as a JSON-RPC error, never as a Java exception. */
    @Bean
    com.fasterxml.jackson.databind.Module mcpErrorJson() {
        return new McpErrorJson();
    }

    @Bean
    List<McpStatelessServerFeatures.SyncToolSpecification> toolSpecifications(ShopTools tools, ToolCalls calls) {
        return tools.all().stream().map(tool -> McpStatelessServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(tool.name(), tool.inputSchema())
                        .title(tool.title())
                        .description(tool.description() + " Needs the scope " + tool.scope() + ".")
                        .outputSchema(tool.outputSchema())
                        .annotations(tool.annotations())
                        .build())
                .callHandler((context, request) -> calls.call(tool, context, request))
                .build()).toList();
    }

    /**
     * The stateless server, built here instead of by Spring AI (its McpServerStatelessAutoConfiguration is excluded
     * in McpEdgeApplication): tools run on the servlet thread that took the request, and arguments are validated by
     * ToolCalls, which answers in the shop's words and counts the call.
     */
    @Bean(destroyMethod = "close")
    McpStatelessSyncServer mcpStatelessSyncServer(McpStatelessServerTransport transport, McpServerProperties server,
                                                  List<McpStatelessServerFeatures.SyncToolSpecification> tools) {
        return McpServer.sync(transport)
                .serverInfo(McpSchema.Implementation.builder(server.getName(), server.getVersion()).build())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .instructions(server.getInstructions())
                .requestTimeout(server.getRequestTimeout())
                .tools(tools)
                .immediateExecution(true)
                .validateToolInputs(false)
                .jsonSchemaValidator(McpJsonDefaults.getSchemaValidator())
                .build();
    }

}
