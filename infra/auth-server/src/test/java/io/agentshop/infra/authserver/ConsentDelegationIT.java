package io.agentshop.infra.authserver;

import static io.agentshop.infra.authserver.TestOAuthClient.EDGE;
import static io.agentshop.infra.authserver.TestOAuthClient.LOOPBACK_REDIRECT;
import static io.agentshop.infra.authserver.TestOAuthClient.form;
import static io.agentshop.infra.authserver.TestOAuthClient.json;
import static io.agentshop.infra.authserver.TestOAuthClient.queryOf;
import static io.agentshop.infra.authserver.TestOAuthClient.s256;
import static io.agentshop.infra.authserver.TestOAuthClient.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
  * The contract with the MCP edge: a consent to an agent is reported to the edge as a delegation, with this server's
  * own token; whatever the edge does, the user's consent goes through. The "edge" is a real HTTP receiver.
  */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
        "agentshop.auth.consent-recorder.enabled=true",
        // so that the hanging-edge test need not wait the default 5 s
        "agentshop.auth.consent-recorder.read-timeout=1s"})
class ConsentDelegationIT extends AuthServerIT {

    private static final ConsentReceiver EDGE_RECEIVER = ConsentReceiver.start();
    private static final String EDGE_BASE = "http://127.0.0.1:8080";
    private static final String CONSOLE = "agentshop-console";

    @DynamicPropertySource
    static void consentRecorder(DynamicPropertyRegistry registry) {
        registry.add("agentshop.auth.consent-recorder.url", EDGE_RECEIVER::url);
    }

    @AfterAll
    static void stopReceiver() {
        EDGE_RECEIVER.close();
    }

    @Test
    void aConsentIsRecordedAtTheEdgeWithTheServersOwnShortLivedToken() throws Exception {
        EDGE_RECEIVER.answer(ConsentReceiver.Answer.NO_CONTENT);
        TestOAuthClient browser = client();
        String scope = "openid profile catalog:read orders:read orders:write offline_access";
        String clientId = (String) browser.registerPublicClient(scope.split(" ")).get("client_id");
        String verifier = verifier();
        String redirect = browser.authorizeInteractively(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT, scope, "s1",
                s256(verifier), "S256", EDGE), "customer1", "demo", "orders:write");

        ConsentReceiver.Received notification = EDGE_RECEIVER.next(Duration.ofSeconds(10));
        assertThat(notification).as("notification at the edge").isNotNull();
        assertThat(notification.method()).isEqualTo("POST");
        assertThat(notification.path()).isEqualTo(ConsentReceiver.PATH);
        assertThat(notification.header("Content-Type")).startsWith("application/json");
        Map<String, Object> body = TestOAuthClient.JSON.readValue(notification.body(), new TypeReference<>() { });
        // Identity and session scopes are not delegations; the unticked scope was not granted.
        // The name is the one the consent page showed, so the user knows the agent again among theirs.
        assertThat(body).containsExactlyInAnyOrderEntriesOf(Map.of(
                "userId", "customer1", "agentId", clientId, "scopes", List.of("catalog:read", "orders:read"),
                "agentName", "Test MCP client"));

        String authorization = notification.header("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        JWTClaimsSet claims = browser.verifiedClaims(authorization.substring("Bearer ".length()));
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getSubject()).isEqualTo("agentshop-auth-server");
        assertThat(claims.getClaim("client_id")).isEqualTo("agentshop-auth-server");
        assertThat(claims.getAudience()).containsExactly(EDGE_BASE);
        assertThat(claims.getClaim("scope")).isEqualTo("delegations:record");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(claims.getExpirationTime()).isCloseTo(Date.from(Instant.now().plusSeconds(60)), 30_000);
        assertThat(claims.getClaims()).doesNotContainKeys("roles", "profile");

        // The user's flow is untouched: the code still buys the token.
        Map<String, Object> tokens = exchangeCode(browser, clientId, redirect, LOOPBACK_REDIRECT, verifier);
        assertThat(browser.verifiedClaims((String) tokens.get("access_token")).getSubject()).isEqualTo("customer1");
        // An agent that asks who signed in learns who, never what the person may do in the shop.
        assertThat(browser.verifiedClaims((String) tokens.get("id_token")).getClaims())
                .containsEntry("sub", "customer1").doesNotContainKeys("roles", "name");
        assertThat(EDGE_RECEIVER.next(Duration.ofMillis(300))).as("one consent, one notification").isNull();

        // Consenting to more later reports everything now granted, not only the addition.
        String more = browser.authorizeInteractively(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT, scope, "s2",
                s256(verifier()), "S256", EDGE), "customer1", "demo");
        assertThat(queryOf(more)).containsKey("code");
        assertThat(browser.lastConsentPage).contains("orders:write").doesNotContain("value=\"orders:read\"");
        Map<String, Object> second = TestOAuthClient.JSON.readValue(
                EDGE_RECEIVER.next(Duration.ofSeconds(10)).body(), new TypeReference<>() { });
        assertThat(second).containsEntry("scopes", List.of("catalog:read", "orders:read", "orders:write"));
    }

    @Test
    void anEdgeAnsweringWithAnErrorDoesNotCostTheUserTheirConsent(CapturedOutput output) throws Exception {
        EDGE_RECEIVER.answer(ConsentReceiver.Answer.SERVER_ERROR);
        Map<String, Object> tokens = userTokens("customer2", "catalog:read orders:read", EDGE);
        String clientId = (String) tokens.get("client_id");
        assertThat(tokens).containsKey("access_token");
        assertThat(EDGE_RECEIVER.next(Duration.ofSeconds(10))).as("the edge was called").isNotNull();
        assertThat(output.getOut()).containsPattern("WARN .*consent of user customer2 to client " + clientId
                + " was not recorded at .*: the edge answered 500");
    }

    @Test
    void aHangingEdgeDelaysTheConsentByTheReadTimeoutAtMost(CapturedOutput output) throws Exception {
        EDGE_RECEIVER.answer(ConsentReceiver.Answer.HANG);
        try {
            TestOAuthClient browser = client();
            String clientId = (String) browser.registerPublicClient("catalog:read").get("client_id");
            String verifier = verifier();
            String redirect = browser.authorizeInteractively(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT,
                    "catalog:read", "s3", s256(verifier), "S256", null), "customer1", "demo");
            // The edge holds the request for 30 s; the consent waited for the 1 s read timeout only.
            assertThat(browser.lastConsentSubmission).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
            assertThat(exchangeCode(browser, clientId, redirect, LOOPBACK_REDIRECT, verifier)).containsKey("access_token");
            assertThat(output.getOut()).containsPattern("WARN .*consent of user customer1 to client " + clientId
                    + " was not recorded at .*: HttpTimeoutException");
        } finally {
            EDGE_RECEIVER.answer(ConsentReceiver.Answer.NO_CONTENT);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theConsoleSignsInWithoutAConsentPageAndNothingIsReported() throws Exception {
        EDGE_RECEIVER.answer(ConsentReceiver.Answer.NO_CONTENT);
        TestOAuthClient browser = client();
        // Registered as http://127.0.0.1/callback: a loopback redirect URI matches on any port (RFC 8252 7.3).
        String redirectUri = "http://127.0.0.1:" + freePort() + "/callback";
        String scope = "openid profile orders:approve account:manage audit:read";
        String verifier = verifier();
        String redirect = browser.authorizeInteractively(browser.authorizeUrl(CONSOLE, redirectUri, scope, "c1",
                s256(verifier), "S256", EDGE_BASE), "admin", "demo");
        assertThat(browser.lastConsentPage).as("no consent page for the first-party console").isNull();
        assertThat(redirect).startsWith(redirectUri + "?");
        assertThat(queryOf(redirect)).containsEntry("state", "c1");

        Map<String, Object> tokens = exchangeCode(browser, CONSOLE, redirect, redirectUri, verifier);
        assertThat(tokens).containsKeys("refresh_token", "id_token");
        // The console's ID token says whom it signed in and their roles: which pages to offer.
        assertThat(browser.verifiedClaims((String) tokens.get("id_token")).getClaims())
                .containsEntry("roles", List.of("admin")).containsEntry("name", "Shop Admin");
        JWTClaimsSet claims = browser.verifiedClaims((String) tokens.get("access_token"));
        assertThat(claims.getSubject()).isEqualTo("admin");
        assertThat(claims.getClaim("client_id")).isEqualTo(CONSOLE);
        assertThat(claims.getAudience()).containsExactly(EDGE_BASE);
        assertThat(claims.getClaim("roles")).isEqualTo(List.of("admin"));
        assertThat((Map<String, Object>) claims.getClaim("profile")).containsEntry("name", "Shop Admin");
        assertThat(List.of(((String) claims.getClaim("scope")).split(" ")))
                .containsExactlyInAnyOrder(scope.split(" "));
        assertThat(EDGE_RECEIVER.next(Duration.ofMillis(500))).as("nothing reported for the console").isNull();

        // A public client: it refreshes without a secret, the refresh token rotating.
        HttpResponse<String> refreshed = browser.postForm("/token", form("grant_type", "refresh_token",
                "refresh_token", (String) tokens.get("refresh_token"), "client_id", CONSOLE), null, null);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(json(refreshed).get("refresh_token")).isNotEqualTo(tokens.get("refresh_token"));

        // Only the console's own scopes.
        String refused = TestOAuthClient.location(browser.get(browser.authorizeUrl(CONSOLE, redirectUri,
                "orders:write", "c2", s256(verifier()), "S256", null), "text/html"));
        assertThat(queryOf(refused)).containsEntry("error", "invalid_scope").doesNotContainKey("code");
    }

    private static Map<String, Object> exchangeCode(TestOAuthClient browser, String clientId, String redirect,
            String redirectUri, String verifier) {
        String code = queryOf(redirect).get("code");
        assertThat(code).as(redirect).isNotNull();
        HttpResponse<String> response = browser.postForm("/token", form("grant_type", "authorization_code",
                "code", code, "redirect_uri", redirectUri, "client_id", clientId, "code_verifier", verifier), null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
