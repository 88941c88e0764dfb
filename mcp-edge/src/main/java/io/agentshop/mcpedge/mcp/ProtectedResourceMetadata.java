package io.agentshop.mcpedge.mcp;

import io.agentshop.commandside.api.Scope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728): where an MCP client learns, from the 401's
 * {@code resource_metadata}, which authorization server issues tokens for this edge and which scopes exist. The MCP
 * endpoint is described at the path-suffixed URL, the edge as a whole (with the controls' scopes) at the root one.
 */
@RestController
class ProtectedResourceMetadata {

    private final McpSettings settings;
    private final ShopTools tools;

    ProtectedResourceMetadata(McpSettings settings, ShopTools tools) {
        this.settings = settings;
        this.tools = tools;
    }

    @GetMapping("/.well-known/oauth-protected-resource/mcp")
    Map<String, Object> mcp() {
        return metadata(settings.resource().toString(), "Agent Shop MCP server", tools.scopes());
    }

    @GetMapping("/.well-known/oauth-protected-resource")
    Map<String, Object> edge() {
        Set<String> scopes = new TreeSet<>(tools.scopes());
        scopes.addAll(List.of(Scope.ACCOUNT_MANAGE, Scope.ORDERS_APPROVE));
        return metadata(settings.baseUri(), "Agent Shop edge (MCP server and controls)", scopes);
    }

    private Map<String, Object> metadata(String resource, String name, Set<String> scopes) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", resource);
        metadata.put("authorization_servers", settings.authorizationServers());
        metadata.put("scopes_supported", List.copyOf(scopes));
        metadata.put("bearer_methods_supported", List.of("header"));
        metadata.put("resource_name", name);
        return metadata;
    }
}
