package io.agentshop.infra.authserver;

import static io.agentshop.infra.authserver.TestOAuthClient.EDGE;
import static io.agentshop.infra.authserver.TestOAuthClient.LOOPBACK_REDIRECT;
import static io.agentshop.infra.authserver.TestOAuthClient.QUERY_SIDE;
import static io.agentshop.infra.authserver.TestOAuthClient.form;
import static io.agentshop.infra.authserver.TestOAuthClient.json;
import static io.agentshop.infra.authserver.TestOAuthClient.location;
import static io.agentshop.infra.authserver.TestOAuthClient.queryOf;
import static io.agentshop.infra.authserver.TestOAuthClient.s256;
import static io.agentshop.infra.authserver.TestOAuthClient.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
  * What an agent (a dynamically registered client) may be given: the MCP endpoint only, agent scopes only, any of
  * them with the user's consent whatever it registered with (step-up), never more by refreshing; and a consent page
  * that says who is asking.
  */
class AgentAuthorizationIT extends AuthServerIT {

    @Test
    void aClientRegisteredWithFewScopesStepsUpToAnotherWithTheUsersConsentShownAsNew() throws Exception {
        TestOAuthClient browser = client();
        String clientId = (String) browser.registerPublicClient("catalog:read", "orders:read").get("client_id");
        Map<String, Object> first = signIn(browser, clientId, "auditor", "catalog:read orders:read");
        assertThat(scopes(browser, first)).containsExactlyInAnyOrder("catalog:read", "orders:read");

        Map<String, Object> stepped = signIn(browser, clientId, "auditor", "catalog:read orders:read audit:read");

        assertThat(browser.lastConsentPage).contains("New:</strong> Read the audit trail")
                .contains("Already allowed:");
        assertThat(browser.lastConsentPage.substring(browser.lastConsentPage.indexOf("Already allowed:")))
                .contains("catalog:read", "orders:read").doesNotContain("audit:read");
        assertThat(scopes(browser, stepped)).containsExactlyInAnyOrder("catalog:read", "orders:read", "audit:read");
    }

    @Test
    void noAgentMayAskForThePeoplesControlScopesNeitherAtRegistrationNorLater() {
        TestOAuthClient browser = client();
        String clientId = (String) browser.registerPublicClient("catalog:read").get("client_id");
        signIn(browser, clientId, "admin", "catalog:read");

        for (String scope : List.of("account:manage", "orders:approve", "catalog:read no-such-scope")) {
            String redirect = location(browser.get(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT, scope, "st",
                    s256(verifier()), "S256", EDGE), "text/html"));
            assertThat(queryOf(redirect)).as(scope).containsEntry("error", "invalid_scope").doesNotContainKey("code");
        }
        HttpResponse<String> registration = browser.postJson("/register", Map.of("redirect_uris",
                List.of(LOOPBACK_REDIRECT), "token_endpoint_auth_method", "none", "scope", "catalog:read account:manage"));
        assertThat(registration.statusCode()).isEqualTo(400);
        assertThat((String) json(registration).get("error_description")).contains("account:manage", "never for an agent");
    }

    @Test
    void aRegisteredAgentMayNotAskForTheQuerySideOrTheControls() {
        TestOAuthClient browser = client();
        String clientId = (String) browser.registerPublicClient("catalog:read", "audit:read").get("client_id");
        signIn(browser, clientId, "auditor", "catalog:read");

        for (String resource : List.of(QUERY_SIDE, "http://127.0.0.1:8080")) {
            String redirect = location(browser.get(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT, "audit:read", "st",
                    s256(verifier()), "S256", resource), "text/html"));
            assertThat(queryOf(redirect)).as(resource).containsEntry("error", "invalid_target")
                    .doesNotContainKey("code");
        }
    }

    @Test
    void aRefreshNeverWidensTheScope() {
        TestOAuthClient browser = client();
        String clientId = (String) browser.registerPublicClient("catalog:read", "orders:read", "offline_access")
                .get("client_id");
        Map<String, Object> tokens = signIn(browser, clientId, "customer1", "catalog:read offline_access");

        HttpResponse<String> wider = browser.postForm("/token", form("grant_type", "refresh_token",
                "refresh_token", (String) tokens.get("refresh_token"), "client_id", clientId,
                "scope", "catalog:read orders:read"), null, null);

        assertThat(wider.statusCode()).isEqualTo(400);
        assertThat(json(wider)).containsEntry("error", "invalid_scope");
        HttpResponse<String> narrower = browser.postForm("/token", form("grant_type", "refresh_token",
                "refresh_token", (String) tokens.get("refresh_token"), "client_id", clientId, "scope", "catalog:read"),
                null, null);
        assertThat(narrower.statusCode()).as(narrower.body()).isEqualTo(200);
    }

    @Test
    void theConsentPageSaysWhoTheClientIsAndThatNobodyVerifiedIt() {
        TestOAuthClient browser = client();
        String clientId = (String) browser.registerPublicClient("catalog:read").get("client_id");

        signIn(browser, clientId, "customer2", "catalog:read");

        assertThat(browser.lastConsentPage)
                .contains("Client id <code id=\"client-id\">" + clientId + "</code>")
                .contains("Sends you back to <code id=\"redirect-host\">127.0.0.1</code>")
                .contains("Registered less than a minute ago through open registration \u2014 not verified by Agent Shop.");
    }

    @Test
    void aClientNameThatPassesForAgentShopsOwnIsRefusedAtRegistration() {
        TestOAuthClient client = client();
        for (String name : List.of("Agent Shop", "agent-shop assistant", "AGENTSHOP", "Official Agent  Shop",
                "\uff21\uff47\uff45\uff4e\uff54 \uff33\uff48\uff4f\uff50", "Shop\u0000", "Nice\u202eagent")) {
            HttpResponse<String> response = client.postJson("/register", Map.of("client_name", name,
                    "redirect_uris", List.of(LOOPBACK_REDIRECT), "token_endpoint_auth_method", "none"));
            assertThat(response.statusCode()).as(name).isEqualTo(400);
            assertThat(json(response)).as(name).containsEntry("error", "invalid_client_metadata");
        }
        HttpResponse<String> fine = client.postJson("/register", Map.of("client_name", "Shopping assistant",
                "redirect_uris", List.of(LOOPBACK_REDIRECT), "token_endpoint_auth_method", "none"));
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(201);
    }

    private Map<String, Object> signIn(TestOAuthClient browser, String clientId, String username, String scope) {
        String verifier = verifier();
        String redirect = browser.authorizeInteractively(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT, scope, "st",
                s256(verifier), "S256", EDGE), username, UserDirectory.DEMO_PASSWORD);
        String code = queryOf(redirect).get("code");
        assertThat(code).as(redirect).isNotNull();
        HttpResponse<String> token = browser.postForm("/token", form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LOOPBACK_REDIRECT, "client_id", clientId, "code_verifier", verifier), null, null);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return json(token);
    }

    private static List<String> scopes(TestOAuthClient browser, Map<String, Object> tokens) {
        JWTClaimsSet claims = browser.verifiedClaims((String) tokens.get("access_token"));
        return List.of(((String) claims.getClaim("scope")).split(" "));
    }
}
