package io.agentshop.infra.authserver;

import static io.agentshop.infra.authserver.TestOAuthClient.EDGE;
import static io.agentshop.infra.authserver.TestOAuthClient.LOOPBACK_REDIRECT;
import static io.agentshop.infra.authserver.TestOAuthClient.form;
import static io.agentshop.infra.authserver.TestOAuthClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationCodeFlowIT extends AuthServerIT {

    @Test
    @SuppressWarnings("unchecked")
    void discoveryAdvertisesEveryEndpointWeServe() {
        TestOAuthClient client = client();
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
            Map<String, Object> metadata = json(client.get(path, "application/json"));
            assertThat(metadata).containsEntry("issuer", issuer)
                    .containsEntry("authorization_endpoint", issuer + "/authorize")
                    .containsEntry("token_endpoint", issuer + "/token")
                    .containsEntry("jwks_uri", issuer + "/jwks")
                    .containsEntry("registration_endpoint", issuer + "/register")
                    .containsEntry("revocation_endpoint", issuer + "/revoke")
                    .containsEntry("introspection_endpoint", issuer + "/introspect")
                    .containsEntry("code_challenge_methods_supported", List.of("S256"))
                    .containsEntry("response_types_supported", List.of("code"))
                    .containsEntry("token_endpoint_auth_methods_supported",
                            List.of("none", "client_secret_basic", "client_secret_post"));
            assertThat((List<Object>) metadata.get("grant_types_supported")).contains("authorization_code",
                    "client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:token-exchange");
            assertThat((List<Object>) metadata.get("scopes_supported")).contains("orders:write", "audit:read", "openid");
        }
        assertThat(json(client.get("/.well-known/openid-configuration", "application/json")))
                .containsEntry("userinfo_endpoint", issuer + "/userinfo");
    }

    @Test
    void customerGrantsAllButOneScopeAndGetsASignedTokenForTheResource() {
        TestOAuthClient browser = client();
        Map<String, Object> metadata = browser.discovery();
        HttpResponse<String> registration = browser.postJson((String) metadata.get("registration_endpoint"), Map.of(
                "client_name", "Flow test client",
                "redirect_uris", List.of(LOOPBACK_REDIRECT),
                "grant_types", List.of("authorization_code", "refresh_token"),
                "response_types", List.of("code"),
                "token_endpoint_auth_method", "none",
                "scope", "catalog:read orders:read orders:write offline_access"));
        assertThat(registration.statusCode()).as(registration.body()).isEqualTo(201);
        Map<String, Object> registered = json(registration);
        String clientId = (String) registered.get("client_id");
        assertThat(registered).containsEntry("token_endpoint_auth_method", "none")
                .containsEntry("client_name", "Flow test client")
                .containsEntry("redirect_uris", List.of(LOOPBACK_REDIRECT))
                .containsEntry("grant_types", List.of("authorization_code", "refresh_token"))
                .containsEntry("response_types", List.of("code"))
                .doesNotContainKey("client_secret");
        assertThat(((Number) registered.get("client_id_issued_at")).longValue())
                .isCloseTo(Instant.now().getEpochSecond(), within(60L));

        String verifier = TestOAuthClient.verifier();
        String scope = "catalog:read orders:read orders:write offline_access";
        String authorize = browser.authorizeUrl(clientId, LOOPBACK_REDIRECT, scope, "xyz-state",
                TestOAuthClient.s256(verifier), "S256", EDGE).replace(issuer + "/authorize",
                (String) metadata.get("authorization_endpoint"));
        String redirect = browser.authorizeInteractively(authorize, "customer1", "demo", "orders:write");

        assertThat(browser.lastConsentPage).contains("Place orders for you", "See your orders", "Flow test client",
                EDGE);
        assertThat(redirect).startsWith(LOOPBACK_REDIRECT + "?");
        Map<String, String> callback = TestOAuthClient.queryOf(redirect);
        assertThat(callback).containsEntry("state", "xyz-state").containsKey("code");

        HttpResponse<String> tokenResponse = browser.postForm((String) metadata.get("token_endpoint"), form(
                "grant_type", "authorization_code", "code", callback.get("code"), "redirect_uri", LOOPBACK_REDIRECT,
                "client_id", clientId, "code_verifier", verifier), null, null);
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        Map<String, Object> tokens = json(tokenResponse);
        assertThat(tokens).containsEntry("token_type", "Bearer").containsKey("refresh_token");
        assertThat(((Number) tokens.get("expires_in")).longValue()).isBetween(595L, 600L);

        JWTClaimsSet claims = browser.verifiedClaims((String) tokens.get("access_token"));
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getSubject()).isEqualTo("customer1");
        assertThat(claims.getClaim("client_id")).isEqualTo(clientId);
        assertThat(claims.getAudience()).containsExactly(EDGE);
        assertThat(List.of(((String) claims.getClaim("scope")).split(" ")))
                .containsExactlyInAnyOrder("catalog:read", "orders:read", "offline_access");
        assertThat(claims.getClaim("roles")).isEqualTo(List.of("customer"));
        assertThat(claims.getClaim("profile")).isEqualTo(
                Map.of("name", "Customer One", "email", "customer1@agentshop.example"));
        assertThat(claims.getJWTID()).isNotBlank();
        Duration lifetime = Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
        assertThat(lifetime).isEqualTo(Duration.ofMinutes(10));
        assertThat(claims.getExpirationTime()).isCloseTo(Date.from(Instant.now().plus(Duration.ofMinutes(10))), 60_000);
    }

    @Test
    void withoutAResourceTheAudienceIsTheEdge() {
        Map<String, Object> tokens = userTokens("customer2", "orders:read", null);
        JWTClaimsSet claims = client().verifiedClaims((String) tokens.get("access_token"));
        assertThat(claims.getAudience()).containsExactly(EDGE);
        assertThat(claims.getSubject()).isEqualTo("customer2");
    }

    @Test
    void publicClientsRefreshAndTheUsedRefreshTokenIsRotatedOut() {
        Map<String, Object> tokens = userTokens("customer1", "orders:read offline_access", EDGE);
        String clientId = (String) tokens.get("client_id");
        String firstRefresh = (String) tokens.get("refresh_token");
        TestOAuthClient client = client();

        HttpResponse<String> refreshed = client.postForm("/token",
                form("grant_type", "refresh_token", "refresh_token", firstRefresh, "client_id", clientId), null, null);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        Map<String, Object> second = json(refreshed);
        assertThat(second.get("refresh_token")).isNotNull().isNotEqualTo(firstRefresh);
        JWTClaimsSet claims = client.verifiedClaims((String) second.get("access_token"));
        assertThat(claims.getSubject()).isEqualTo("customer1");
        assertThat(claims.getAudience()).containsExactly(EDGE);

        HttpResponse<String> replay = client.postForm("/token",
                form("grant_type", "refresh_token", "refresh_token", firstRefresh, "client_id", clientId), null, null);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(json(replay)).containsEntry("error", "invalid_grant");
    }
}
