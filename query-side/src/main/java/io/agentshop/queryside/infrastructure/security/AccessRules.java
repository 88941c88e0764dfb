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
 * Who may read what (DESIGN.md, "Identity and authorization"). The edge reads with its own client-credentials token
 * for the users it names; people reach the API with their own tokens and roles. Each rule says in words what it
 * needs, so a refusal can name what was missing.
 */
final class AccessRules {

    /**
     * Paths anyone may read without a token: probes, the metrics and the key that verifies audit checkpoints.
     * {@code /actuator/prometheus} is open like health because it carries no user data: its meters are counts, lags
     * and timings tagged by projection name (and Spring's own by pool, URI template, status), never by a user, agent,
     * order or trace id, so a scraper needs no token. A deployment that must hide even those keeps the port private.
     */
    static final List<String> OPEN = List.of("/actuator/health", "/actuator/health/**", "/actuator/info",
            "/actuator/prometheus", "/audit/public-key");

    record Rule(String pattern, String needs, AuthorizationManager<RequestAuthorizationContext> check) {
    }

    static final List<Rule> RULES = List.of(
            new Rule("/catalog/**", "scope catalog:read, or any role",
                    AuthorizationManagers.anyOf(hasAuthority("SCOPE_catalog:read"), anyRole())),
            new Rule("/orders/**", "scope orders:read on a service client's token, or role admin",
                    AuthorizationManagers.anyOf(serviceClientWithScope("orders:read"), hasRole("admin"))),
            new Rule("/accounts/**", "scope account:read on a service client's token, or role admin",
                    AuthorizationManagers.anyOf(serviceClientWithScope("account:read"), hasRole("admin"))),
            new Rule("/audit/**", "role auditor, or scope audit:read on a service client's token",
                    AuthorizationManagers.anyOf(hasRole("auditor"), serviceClientWithScope("audit:read"))),
            new Rule("/analytics/**", "role analyst", hasRole("analyst")));

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
