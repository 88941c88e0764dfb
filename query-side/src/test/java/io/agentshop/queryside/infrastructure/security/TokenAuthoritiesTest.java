package io.agentshop.queryside.infrastructure.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenAuthoritiesTest {

    private static final String CONSOLE = "agentshop-console";
    private static final SecuritySettings DEFAULTS = settings(List.of("roles"));

    @Test
    void aPersonsOwnTokenHasItsRolesAndScopes() {
        assertThat(authorities(DEFAULTS, claims -> {
            claims.put("client_id", CONSOLE);
            claims.put("roles", List.of("admin", "auditor"));
            claims.put("scope", "catalog:read orders:read");
        })).containsExactlyInAnyOrder(TokenAuthorities.PERSON, "ROLE_admin", "ROLE_auditor", "SCOPE_catalog:read",
                "SCOPE_orders:read");
        assertThat(authorities(DEFAULTS, claims -> {
            claims.put("azp", CONSOLE);
            claims.put("scp", List.of("audit:read"));
        })).containsExactlyInAnyOrder(TokenAuthorities.PERSON, "SCOPE_audit:read");
    }

    @Test
    void anAgentsTokenIsAnAgentsWhateverRolesAndScopesItsUserHas() {
        assertThat(authorities(DEFAULTS, claims -> {
            claims.put("client_id", "some-registered-client");
            claims.put("roles", List.of("admin", "auditor", "analyst"));
            claims.put("scope", "catalog:read orders:read audit:read");
        })).containsExactly(TokenAuthorities.AGENT);
    }

    @Test
    void aTokenThatNamesNoClientHasNoAuthorityAtAll() {
        assertThat(authorities(DEFAULTS, claims -> {
            claims.put("roles", List.of("auditor"));
            claims.put("scope", "audit:read");
        })).isEmpty();
    }

    @Test
    void rolesAreFoundDownANestedPathAsKeycloakPutsThem() {
        SecuritySettings keycloak = settings(List.of("realm_access", "roles"));

        assertThat(person(keycloak, claims -> claims.put("realm_access", Map.of("roles", List.of("analyst")))))
                .containsExactly("ROLE_analyst");
        assertThat(person(keycloak, claims -> claims.put("roles", List.of("analyst"))))
                .as("the top-level claim is not the configured path").isEmpty();
        assertThat(person(keycloak, claims -> claims.put("realm_access", "not an object"))).isEmpty();
    }

    @Test
    void aClaimNameWithDotsIsOneSegmentAsAuth0NamespacesThem() {
        SecuritySettings auth0 = settings(List.of("https://agentshop.example/roles"));

        assertThat(person(auth0, claims -> claims.put("https://agentshop.example/roles", List.of("admin"))))
                .containsExactly("ROLE_admin");
    }

    @Test
    void rolesGivenAsOneStringAreSplitOnSpaces() {
        assertThat(person(DEFAULTS, claims -> claims.put("roles", " admin  auditor ")))
                .containsExactlyInAnyOrder("ROLE_admin", "ROLE_auditor");
    }

    @Test
    void aServiceClientIsKnownByClientIdElseByAzpAndItsRolesDoNotCount() {
        assertThat(authorities(DEFAULTS, claims -> claims.put("client_id", "agentshop-edge")))
                .containsExactly(TokenAuthorities.SERVICE_CLIENT);
        assertThat(authorities(DEFAULTS, claims -> {
            claims.put("azp", "agentshop-edge");
            claims.put("roles", List.of("admin"));
        })).containsExactly(TokenAuthorities.SERVICE_CLIENT);
        assertThat(authorities(DEFAULTS, claims -> {
            claims.put("client_id", "demo-agent");
            claims.put("azp", "agentshop-edge");
        })).as("client_id decides when present").containsExactly(TokenAuthorities.AGENT);
    }

    @Test
    void aRolesClaimPathNeedsAtLeastOneNonEmptySegmentAndAClientIsAServiceOrPeoplesNeverBoth() {
        assertThatThrownBy(() -> settings(List.of())).hasMessageContaining("roles-claim-path");
        assertThatThrownBy(() -> settings(List.of("realm_access", " "))).hasMessageContaining("roles-claim-path");
        assertThatThrownBy(() -> new SecuritySettings(List.of("roles"), List.of("x"), List.of("x")))
                .hasMessageContaining("never both");
    }

    private static SecuritySettings settings(List<String> rolesClaimPath) {
        return new SecuritySettings(rolesClaimPath, List.of("agentshop-edge"), List.of(CONSOLE));
    }

    /** The roles of a person's own token with these claims. */
    private static List<String> person(SecuritySettings settings, Consumer<Map<String, Object>> claims) {
        return authorities(settings, claims.andThen(all -> all.put("client_id", CONSOLE))).stream()
                .filter(authority -> authority.startsWith("ROLE_")).toList();
    }

    private static List<String> authorities(SecuritySettings settings, Consumer<Map<String, Object>> claims) {
        Jwt jwt = Jwt.withTokenValue("token").header("alg", "RS256").subject("someone").claims(claims).build();
        return new TokenAuthorities(settings).convert(jwt).getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).toList();
    }
}
