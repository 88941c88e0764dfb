package io.agentshop.queryside.infrastructure.security;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.List;

import static org.springframework.security.authorization.AuthorityAuthorizationManager.hasAuthority;
import static org.springframework.security.authorization.AuthorityAuthorizationManager.hasRole;

/**
 * Who may read what (docs/security.md). The edge reads with its own client-credentials token
 * for the users it names; people reach the API with their own tokens (from a first-party client) and roles. An
 * agent's token is served nothing here, whatever its user's roles: agents act through the edge's tools
 * ({@link TokenAuthorities}). Each rule says in words what it needs, so a refusal can name what was missing.
 */
final class AccessRules {

    /**
     * Paths anyone may read without a token: probes, the metrics, the key that verifies audit checkpoints and the
     * newest checkpoint itself (a tree size and a root: what witnesses and monitors need, nothing about any record).
     * {@code /actuator/prometheus} is open like health because it carries no user data: its meters are counts, lags
     * and timings tagged by projection name (and Spring's own by pool, URI template, status), never by a user, agent,
     * order or trace id, so a scraper needs no token. A deployment that must hide even those keeps the port private.
     */
    static final List<String> OPEN = List.of("/actuator/health", "/actuator/health/**", "/actuator/info",
            "/actuator/prometheus", "/audit/public-key", "/audit/checkpoint");

    record Rule(String pattern, String needs, AuthorizationManager<RequestAuthorizationContext> check) {
    }

    // Roles are only ever granted to a person's own token (TokenAuthorities), so hasRole means "a person with".
    static final List<Rule> RULES = List.of(
            new Rule("/catalog/**", "scope catalog:read on a service client's or a person's own token, or a person"
                    + " with any role",
                    AuthorizationManagers.anyOf(serviceClientWithScope("catalog:read"),
                            AuthorizationManagers.allOf(hasAuthority(TokenAuthorities.PERSON),
                                    hasAuthority("SCOPE_catalog:read")), anyRole())),
            new Rule("/orders/**", "scope orders:read on a service client's token, or a person with role admin",
                    AuthorizationManagers.anyOf(serviceClientWithScope("orders:read"), hasRole("admin"))),
            new Rule("/accounts/**", "scope account:read on a service client's token, or a person with role admin",
                    AuthorizationManagers.anyOf(serviceClientWithScope("account:read"), hasRole("admin"))),
            new Rule("/audit/**", "a person with role auditor, or scope audit:read on a service client's token",
                    AuthorizationManagers.anyOf(hasRole("auditor"), serviceClientWithScope("audit:read"))),
            new Rule("/analytics/**", "a person with role analyst", hasRole("analyst")));

    /** What a refusal of an agent's token says, whatever the path. */
    static final String NOT_FOR_AGENTS = "an agent's token (issued to a client that is neither Agent Shop's console nor"
            + " one of its services) is served nothing here, whatever its user's roles: agents act through the MCP"
            + " edge's tools, within what their user delegated";

    /** What a refusal of a token that names no client says. */
    static final String NO_CLIENT = "the token names no client (client_id or azp), so it is neither a person's own nor"
            + " a service's, and is served nothing";

    /** What a path nobody may read answers when refused. */
    static final String NOTHING_HERE = "nothing is served at this path";

    private AccessRules() {
    }

    private static AuthorizationManager<RequestAuthorizationContext> serviceClientWithScope(String scope) {
        return AuthorizationManagers.allOf(hasAuthority(TokenAuthorities.SERVICE_CLIENT), hasAuthority("SCOPE_" + scope));
    }

    /** A person with a role of any name. (Only a bearer token counts: the anonymous user carries ROLE_ANONYMOUS.) */
    private static AuthorizationManager<RequestAuthorizationContext> anyRole() {
        return (authentication, context) -> new AuthorizationDecision(
                authentication.get() instanceof JwtAuthenticationToken token && token.getAuthorities().stream()
                        .anyMatch(authority -> authority.getAuthority().startsWith(TokenAuthorities.ROLE_PREFIX)));
    }
}
