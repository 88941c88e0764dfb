package io.agentshop.mcpedge.security;

import io.agentshop.mcpedge.web.RequestPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.mcpedge.mcp.McpSettings;
import io.agentshop.resourceserver.BearerChallenge;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;
import java.util.Map;

/**
 * The 401 of the MCP authorization specification: {@code WWW-Authenticate: Bearer} with {@code resource_metadata}
 * (RFC 9728) so a client finds the authorization server, the scopes to ask for on {@code /mcp}, and for a token that
 * was refused, why ({@code invalid_token} with a description; never the token itself).
 */
class AuthenticationChallenge implements AuthenticationEntryPoint {

    private final McpSettings settings;
    private final ObjectMapper json;

    AuthenticationChallenge(McpSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        boolean mcp = RequestPaths.of(request).equals("/mcp");
        BearerChallenge challenge = BearerChallenge.bearer().resourceMetadata(McpSettings.metadataUrl(request, mcp));
        String detail = "this needs a bearer token from " + String.join(" or ", settings.authorizationServers());
        if (failure instanceof OAuth2AuthenticationException refused) {
            String description = refused.getError().getDescription() == null ? "the token was refused"
                    : refused.getError().getDescription();
            challenge.error(refused.getError().getErrorCode()).description(description);
            detail = description;
        }
        if (mcp) {
            challenge.scope(String.join(" ", settings.challengeScopes()));
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.toString());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("status", 401, "title", "Unauthorized", "detail", detail,
                "type", "https://agentshop.io/problems/unauthorized"));
    }
}
