package io.agentshop.mcpedge.mcp;

import io.agentshop.commandside.api.Scope;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) as the edge answers it at {@code /.well-known/oauth-protected-resource}
 * (the edge as a whole, with the controls' scopes) and {@code …/mcp} (the MCP endpoint): which authorization server
 * issues tokens for it and which scopes exist. Spring Security serves the endpoint and names the resource after the
 * request (the host the client used, {@code localhost} or {@code 127.0.0.1}, both of which the edge's tokens may
 * name); this fills in the rest.
 */
public final class ProtectedResourceMetadata implements Consumer<OAuth2ProtectedResourceMetadata.Builder> {

    private final McpSettings settings;
    private final ShopTools tools;

    public ProtectedResourceMetadata(McpSettings settings, ShopTools tools) {
        this.settings = settings;
        this.tools = tools;
    }

    @Override
    public void accept(OAuth2ProtectedResourceMetadata.Builder metadata) {
        String[] resource = new String[1];
        metadata.claims(claims -> resource[0] = String.valueOf(claims.get("resource")));
        boolean mcp = resource[0].endsWith("/mcp");
        Set<String> scopes = new TreeSet<>(tools.scopes());
        if (!mcp) {
            scopes.addAll(Scope.valuesOf(Scope.ACCOUNT_MANAGE, Scope.ORDERS_APPROVE));
        }
        metadata.authorizationServers(servers -> servers.addAll(settings.authorizationServers()))
                .scopes(supported -> supported.addAll(scopes))
                .tlsClientCertificateBoundAccessTokens(false)
                .resourceName(mcp ? "Agent Shop MCP server" : "Agent Shop edge (MCP server and controls)");
    }
}
