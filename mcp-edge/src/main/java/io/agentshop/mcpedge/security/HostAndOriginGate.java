package io.agentshop.mcpedge.security;

import io.agentshop.mcpedge.web.RequestPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.mcpedge.mcp.McpSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * DNS rebinding stops here, before anything else reads a request to what a browser could reach ({@code /mcp}, the
 * controls, the protected resource metadata): a {@code Host} the edge does not answer to, or an {@code Origin} that is
 * neither one of the allowed ones nor the edge's own (any allowed host on the edge's port), is refused with 403.
 * Requests without {@code Origin} (programs, not browsers) pass.
 */
final class HostAndOriginGate extends OncePerRequestFilter {

    private final McpSettings settings;
    private final ObjectMapper json;
    private final Set<String> origins;

    HostAndOriginGate(McpSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.origins = new LinkedHashSet<>(settings.allowedOrigins());
        int port = settings.resource().getPort();
        String scheme = settings.resource().getScheme();
        for (String host : settings.allowedHosts()) {
            origins.add(scheme + "://" + host + (port == -1 ? "" : ":" + port));
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = RequestPaths.of(request);
        return !(path.equals("/mcp") || path.startsWith("/controls/") || path.startsWith("/.well-known/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!settings.allowedHosts().contains(request.getServerName())) {
            refuse(response, "this server does not answer to host " + request.getServerName());
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !origins.contains(origin)) {
            refuse(response, "requests from origin " + origin + " are not allowed");
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("status", 403, "detail", detail,
                "type", "https://agentshop.io/problems/mcp-refused"));
    }
}
