package io.agentshop.mcpedge.mcp;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.util.List;

/**
 * The MCP endpoint's settings ({@code agentshop.mcp.*}).
 *
 * @param resource             the MCP endpoint's URI (RFC 8707/9728); its scheme and port, with each allowed host,
 *                             are the edge's own browser origins (the audiences tokens must name are Spring
 *                             Security's {@code spring.security.oauth2.resourceserver.jwt.audiences})
 * @param authorizationServers issuers MCP clients are sent to for tokens (Protected Resource Metadata)
 * @param allowedHosts         host names the edge answers to; anything else is refused (DNS rebinding)
 * @param allowedOrigins       browser origins allowed to call besides the edge's own (any allowed host on the
 *                             resource's scheme and port); requests without {@code Origin} (non-browser clients)
 *                             pass, any other origin is refused
 * @param maxRequestBody       larger request bodies are refused with 413 before they are read
 * @param requestsPerSecond    per agent (or person); above it 429 with {@code Retry-After}
 * @param challengeScopes      the scopes a 401 from {@code /mcp} suggests asking for: what shopping takes
 * @param consoleUrl           the people's console, where a user approves an order ({@code /approvals/<orderId>})
 */
@ConfigurationProperties("agentshop.mcp")
public record McpSettings(@DefaultValue("http://127.0.0.1:8080/mcp") URI resource,
                          @DefaultValue("http://127.0.0.1:9000") List<String> authorizationServers,
                          @DefaultValue({"127.0.0.1", "localhost"}) List<String> allowedHosts,
                          @DefaultValue({"http://localhost:6274", "http://127.0.0.1:6274"}) List<String> allowedOrigins,
                          @DefaultValue("64KB") DataSize maxRequestBody,
                          @DefaultValue("20") int requestsPerSecond,
                          @DefaultValue({"catalog:read", "orders:read", "orders:write", "orders:cancel", "account:read"})
                          List<String> challengeScopes,
                          @DefaultValue("http://127.0.0.1:8082") URI consoleUrl) {

    /** The console's page where the user approves or declines this order (no personal data in it: a random id). */
    public URI approvalPage(String orderId) {
        return URI.create(consoleUrl.toString().replaceAll("/+$", "") + "/approvals/" + orderId);
    }

    /**
     * Where the metadata of what the client asked for is, at the host it used (the host and origin gate lets through only
     * hosts the edge answers to): a client that reached the edge as {@code localhost} is told about {@code localhost}.
     */
    public static String metadataUrl(HttpServletRequest request, boolean forMcp) {
        String base = ServletUriComponentsBuilder.fromContextPath(request).replacePath("").replaceQuery(null)
                .build().toUriString();
        return base + "/.well-known/oauth-protected-resource" + (forMcp ? "/mcp" : "");
    }
}
