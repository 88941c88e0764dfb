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

    private static final SecuritySettings DEFAULTS = new SecuritySettings(List.of("roles"), List.of("agentshop-edge"));

    @Test
    void rolesAtTheDefaultPathAndScopesBecomeAuthorities() {
        assertThat(authorities(DEFAULTS, claims -> {
            claims.put("roles", List.of("admin", "auditor"));
            claims.put("scope", "catalog:read orders:read");
        })).containsExactlyInAnyOrder("ROLE_admin", "ROLE_auditor", "SCOPE_catalog:read", "SCOPE_orders:read");
        assertThat(authorities(DEFAULTS, claims -> claims.put("scp", List.of("audit:read"))))
                .containsExactly("SCOPE_audit:read");
    }

    @Test
    void rolesAreFoundDownANestedPathAsKeycloakPutsThem() {
        SecuritySettings keycloak = new SecuritySettings(List.of("realm_access", "roles"), List.of());

        assertThat(authorities(keycloak, claims -> claims.put("realm_access", Map.of("roles", List.of("analyst")))))
                .containsExactly("ROLE_analyst");
        assertThat(authorities(keycloak, claims -> claims.put("roles", List.of("analyst"))))
                .as("the top-level claim is not the configured path").isEmpty();
        assertThat(authorities(keycloak, claims -> claims.put("realm_access", "not an object"))).isEmpty();
    }

    @Test
    void aClaimNameWithDotsIsOneSegmentAsAuth0NamespacesThem() {
        SecuritySettings auth0 = new SecuritySettings(List.of("https://agentshop.example/roles"), List.of());

        assertThat(authorities(auth0, claims -> claims.put("https://agentshop.example/roles", List.of("admin"))))
                .containsExactly("ROLE_admin");
    }

    @Test
    void rolesGivenAsOneStringAreSplitOnSpaces() {
        assertThat(authorities(DEFAULTS, claims -> claims.put("roles", " admin  auditor ")))
                .containsExactlyInAnyOrder("ROLE_admin", "ROLE_auditor");
    }

    @Test
    void aServiceClientIsKnownByClientIdElseByAzp() {
        assertThat(authorities(DEFAULTS, claims -> claims.put("client_id", "agentshop-edge")))
                .containsExactly(TokenAuthorities.SERVICE_CLIENT);
        assertThat(authorities(DEFAULTS, claims -> claims.put("azp", "agentshop-edge")))
                .containsExactly(TokenAuthorities.SERVICE_CLIENT);
        assertThat(authorities(DEFAULTS, claims -> {
            claims.put("client_id", "demo-agent");
            claims.put("azp", "agentshop-edge");
        })).as("client_id decides when present").isEmpty();
        assertThat(authorities(DEFAULTS, claims -> claims.put("client_id", "demo-agent"))).isEmpty();
    }

    @Test
    void aRolesClaimPathNeedsAtLeastOneNonEmptySegment() {
        assertThatThrownBy(() -> new SecuritySettings(List.of(), List.of())).hasMessageContaining("roles-claim-path");
        assertThatThrownBy(() -> new SecuritySettings(List.of("realm_access", " "), List.of()))
                .hasMessageContaining("roles-claim-path");
    }

    private static List<String> authorities(SecuritySettings settings, Consumer<Map<String, Object>> claims) {
        Jwt jwt = Jwt.withTokenValue("token").header("alg", "RS256").subject("someone").claims(claims).build();
        return new TokenAuthorities(settings).convert(jwt).getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).toList();
    }
}
