package io.agentshop.mcpedge.mcp;

import io.agentshop.mcpedge.web.RequestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.mcpedge.identity.ActorFromToken;
import io.agentshop.mcpedge.identity.RecentEntries;
import io.agentshop.mcpedge.identity.UnusableTokenException;
import io.agentshop.mcpedge.web.RequestBodies;
import io.agentshop.resourceserver.BearerChallenge;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * What the edge refuses at the door of {@code /mcp}, before the MCP server reads a byte (a foreign {@code Host} or
 * {@code Origin} was refused earlier, by the host and origin gate): a body over the cap, a valid token the shop cannot
 * act on (no client, no user), a caller over its rate, a request or message MCP does not allow (answered as a JSON-RPC
 * error, {@link McpRequestCheck}), and a {@code tools/call} whose token lacks the tool's scope, which gets the 403
 * {@code insufficient_scope} challenge so the client can step up. The challenge names the scope the call needs
 * together with those the token already holds: a client that asks for exactly the challenged scopes (as the MCP
 * authorization specification lets it) then keeps what it had. It runs after the bearer token was read and before
 * authorization, so a request without a valid token still gets its 401 from Spring Security.
 */
public class ToolCallGate extends OncePerRequestFilter {

    private static final int REMEMBERED_CALLERS = 10_000;

    private final McpSettings settings;
    private final ShopTools tools;
    private final ObjectMapper json;
    private final RateLimiterConfig rate;
    private final Map<String, RateLimiter> limiters = RecentEntries.map(REMEMBERED_CALLERS);

    private final ActorFromToken actors;
    private final McpRequestCheck check;

    private final ClientCapabilities capabilities;

    public ToolCallGate(McpSettings settings, ShopTools tools, ActorFromToken actors, ClientCapabilities capabilities,
                        ObjectMapper json) {
        this.settings = settings;
        this.actors = actors;
        this.tools = tools;
        this.json = json;
        this.capabilities = capabilities;
        this.check = new McpRequestCheck(json);
        this.rate = RateLimiterConfig.custom()
                .limitForPeriod(settings.requestsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.of(request).equals("/mcp");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = settings.maxRequestBody().toBytes();
        if (request.getContentLengthLong() > limit) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "the request body is larger than "
                    + limit + " bytes");
            return;
        }
        Optional<JwtAuthenticationToken> caller = caller();
        if (caller.isEmpty()) {
            // No valid token: Spring Security answers 401 with the challenge, whatever the body holds.
            chain.doFilter(request, response);
            return;
        }
        try {
            actors.requireUsable(caller.get().getToken());
        } catch (UnusableTokenException unusable) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, unusable.getMessage());
            return;
        }
        if (!limiter(caller.get()).acquirePermission()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            refuse(response, 429, "more than " + settings.requestsPerSecond() + " requests a second; slow down");
            return;
        }
        McpRequestCheck.Verdict early = check.beforeBody(request.getMethod(), request.getContentType(),
                Collections.list(request.getHeaders(HttpHeaders.ACCEPT)), request.getHeader("MCP-Protocol-Version"));
        if (early instanceof McpRequestCheck.Refuse refused) {
            answer(response, refused);
            return;
        }
        byte[] body = RequestBodies.readUpTo(request.getInputStream(), limit);
        if (body == null) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "the request body is larger than "
                    + limit + " bytes");
            return;
        }
        McpRequestCheck.Verdict verdict = check.body(body);
        if (verdict instanceof McpRequestCheck.Refuse refused) {
            answer(response, refused);
            return;
        }
        if (verdict instanceof McpRequestCheck.Acknowledge) {
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        JsonNode message = ((McpRequestCheck.Pass) verdict).message();
        request.setAttribute(ToolCalls.JSON_RPC_ID, message.hasNonNull("id") ? message.get("id").asText() : null);
        if ("initialize".equals(message.path("method").asText())) {
            capabilities.initialized(caller.get().getToken().getId(), message);
        }
        String missing = missingScope(message, caller);
        if (missing != null) {
            Set<String> challenged = new LinkedHashSet<>(List.of(missing));
            challenged.addAll(heldScopes(caller.get()));
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.bearer().error("insufficient_scope")
                    .scope(String.join(" ", challenged)).resourceMetadata(McpSettings.metadataUrl(request, true))
                    .description("this tool needs the scope " + missing).toString());
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "this tool needs the scope " + missing);
            return;
        }
        chain.doFilter(RequestBodies.withBody(request, body), response);
    }

    /** The scope a {@code tools/call} needs and the token lacks; null when the call is not one or may go ahead. */
    private String missingScope(JsonNode message, Optional<JwtAuthenticationToken> caller) {
        if (!"tools/call".equals(message.path("method").asText())) {
            return null;
        }
        return tools.named(message.path("params").path("name").asText())
                .map(tool -> tool.scope().value())
                .filter(scope -> caller.get().getAuthorities().stream()
                        .noneMatch(authority -> authority.getAuthority().equals("SCOPE_" + scope)))
                .orElse(null);
    }

    /** The scopes the caller's token holds, in the order the token lists them. */
    private static List<String> heldScopes(JwtAuthenticationToken caller) {
        return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("SCOPE_")).map(authority -> authority.substring(6)).toList();
    }

    private RateLimiter limiter(JwtAuthenticationToken caller) {
        String key = actors.clientId(caller.getToken()) + "\n" + caller.getToken().getSubject();
        return limiters.computeIfAbsent(key, name -> RateLimiter.of("mcp", rate));
    }

    private static Optional<JwtAuthenticationToken> caller() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
                ? Optional.of(token) : Optional.empty();
    }

    /** A JSON-RPC error, as the MCP server would have answered it had it known the rule. */
    private void answer(HttpServletResponse response, McpRequestCheck.Refuse refused) throws IOException {
        response.setStatus(refused.status().value());
        if (refused.status() == HttpStatus.METHOD_NOT_ALLOWED) {
            response.setHeader(HttpHeaders.ALLOW, "POST");
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("jsonrpc", "2.0");
        error.put("id", refused.id());
        error.put("error", Map.of("code", refused.code(), "message", refused.message()));
        json.writeValue(response.getOutputStream(), error);
    }

    private void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("status", status, "detail", detail,
                "type", "https://agentshop.io/problems/mcp-refused"));
    }
}
