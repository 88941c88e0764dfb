package io.agentshop.resourceserver;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenKindsTest {

    private final TokenKinds kinds = new TokenKinds(List.of("client_id", "azp"), Set.of("agentshop-console"),
            Set.of("agentshop-edge"));

    @Test
    void theClientDecidesWhoseTokenItIs() {
        assertThat(kinds.kindOf(token(Map.of("client_id", "agentshop-console")))).isEqualTo(TokenKind.PERSON);
        assertThat(kinds.kindOf(token(Map.of("client_id", "agentshop-edge")))).isEqualTo(TokenKind.SERVICE);
        assertThat(kinds.kindOf(token(Map.of("client_id", "claude-desktop")))).isEqualTo(TokenKind.AGENT);
        assertThat(kinds.kindOf(token(Map.of("sub", "customer1")))).isEqualTo(TokenKind.NO_CLIENT);
    }

    @Test
    void clientIdComesFirstThenAzpAndABlankNameIsNone() {
        assertThat(kinds.clientOf(token(Map.of("client_id", "a", "azp", "b")))).isEqualTo("a");
        assertThat(kinds.clientOf(token(Map.of("azp", "agentshop-console")))).isEqualTo("agentshop-console");
        assertThat(kinds.kindOf(token(Map.of("client_id", " ", "azp", "agentshop-console"))))
                .as("a blank client_id does not hide azp").isEqualTo(TokenKind.PERSON);
    }

    @Test
    void namesAtAClaimPathAreAListOrOneSpacedString() {
        assertThat(ClaimPath.names(Map.of("realm_access", Map.of("roles", List.of("admin", " ", 7, "auditor"))),
                List.of("realm_access", "roles"))).containsExactly("admin", "auditor");
        assertThat(ClaimPath.names(Map.of("roles", " admin  auditor "), List.of("roles")))
                .containsExactly("admin", "auditor");
        assertThat(ClaimPath.names(Map.of("roles", "admin"), List.of("realm_access", "roles"))).isEmpty();
    }

    private static Jwt token(Map<String, Object> claims) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").issuedAt(Instant.EPOCH)
                .expiresAt(Instant.EPOCH.plusSeconds(60));
        claims.forEach(jwt::claim);
        return jwt.build();
    }
}
