package io.agentshop.console.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Roles from the ID token where the provider writes them; anything else in their place grants nothing. */
class PersonRolesTest {

    @Test
    void rolesWhereTheProviderWritesThem() {
        assertThat(roles(List.of("roles"), Map.of("roles", List.of("admin", "auditor"))))
                .containsExactly("ROLE_admin", "ROLE_auditor");
        assertThat(roles(List.of("realm_access", "roles"), Map.of("realm_access", Map.of("roles", List.of("analyst")))))
                .containsExactly("ROLE_analyst");
        assertThat(roles(List.of("role"), Map.of("role", "admin"))).containsExactly("ROLE_admin");
    }

    @Test
    void noRolesWhereTheyAreNot() {
        assertThat(roles(List.of("roles"), Map.of())).isEmpty();
        assertThat(roles(List.of("realm_access", "roles"), Map.of("realm_access", "admin"))).isEmpty();
        assertThat(roles(List.of("roles"), Map.of("roles", Map.of("admin", true)))).isEmpty();
    }

    private static List<String> roles(List<String> path, Map<String, Object> claims) {
        Map<String, Object> all = new java.util.HashMap<>(claims);
        all.put("sub", "someone");
        OidcIdToken token = new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60), all);
        return new PersonRoles(path).mapAuthorities(List.of(new OidcUserAuthority(token))).stream()
                .map(GrantedAuthority::getAuthority).filter(a -> a.startsWith("ROLE_")).toList();
    }
}
