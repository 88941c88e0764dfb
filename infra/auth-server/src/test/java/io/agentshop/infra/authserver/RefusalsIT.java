package io.agentshop.infra.authserver;

import static io.agentshop.infra.authserver.TestOAuthClient.LOOPBACK_REDIRECT;
import static io.agentshop.infra.authserver.TestOAuthClient.form;
import static io.agentshop.infra.authserver.TestOAuthClient.json;
import static io.agentshop.infra.authserver.TestOAuthClient.location;
import static io.agentshop.infra.authserver.TestOAuthClient.queryOf;
import static io.agentshop.infra.authserver.TestOAuthClient.s256;
import static io.agentshop.infra.authserver.TestOAuthClient.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the server must refuse, each through the real endpoints. */
class RefusalsIT extends AuthServerIT {

    /** A browser already signed in as customer1, so the authorization endpoint answers with its verdict at once. */
    private TestOAuthClient signedInBrowser(String clientId) {
        TestOAuthClient browser = client();
        String verifier = verifier();
        browser.authorizeInteractively(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT, "catalog:read", "st",
                s256(verifier), "S256", null), "customer1", "demo");
        return browser;
    }

    private String publicClient() {
        return (String) client().registerPublicClient("catalog:read", "orders:read").get("client_id");
    }

    @Test
    void anUnregisteredRedirectUriIsRefusedWithoutRedirecting() {
        String clientId = publicClient();
        TestOAuthClient browser = signedInBrowser(clientId);
        HttpResponse<String> response = browser.get(browser.authorizeUrl(clientId, "http://127.0.0.1:9999/elsewhere",
                "catalog:read", "st", s256(verifier()), "S256", null), "text/html");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void plainPkceIsRefused() {
        String clientId = publicClient();
        TestOAuthClient browser = signedInBrowser(clientId);
        String verifier = verifier();
        String redirect = location(browser.get(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT, "catalog:read", "st",
                verifier, "plain", null), "text/html"));
        assertThat(redirect).startsWith(LOOPBACK_REDIRECT);
        assertThat(queryOf(redirect)).containsEntry("error", "invalid_request").doesNotContainKey("code");
    }

    @Test
    void aMissingCodeChallengeIsRefusedEvenForConfidentialClients() {
        Map<String, Object> confidential = client().registerConfidentialClient(
                List.of("authorization_code"), "catalog:read");
        String clientId = (String) confidential.get("client_id");
        TestOAuthClient browser = client();
        // Not signed in yet: the verdict comes before the login page.
        String redirect = location(browser.get(browser.authorizeUrl(clientId, "https://agent.example/callback",
                "catalog:read", "st", null, null, null), "text/html"));
        assertThat(redirect).startsWith("https://agent.example/callback");
        assertThat(queryOf(redirect)).containsEntry("error", "invalid_request").doesNotContainKey("code");
    }

    @Test
    void aMissingCodeVerifierIsRefusedAtTheTokenEndpoint() {
        // Public client: without a verifier it cannot even authenticate.
        String publicId = publicClient();
        TestOAuthClient browser = client();
        String code = queryOf(browser.authorizeInteractively(browser.authorizeUrl(publicId, LOOPBACK_REDIRECT,
                "catalog:read", "st", s256(verifier()), "S256", null), "customer1", "demo")).get("code");
        HttpResponse<String> response = browser.postForm("/token", form("grant_type", "authorization_code",
                "code", code, "redirect_uri", LOOPBACK_REDIRECT, "client_id", publicId), null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_client");

        // Confidential client: authenticated, but the grant is not valid without the verifier.
        Map<String, Object> confidential = client().registerConfidentialClient(
                List.of("authorization_code"), "catalog:read");
        String clientId = (String) confidential.get("client_id");
        String confidentialCode = queryOf(browser.authorizeInteractively(browser.authorizeUrl(clientId,
                "https://agent.example/callback", "catalog:read", "st", s256(verifier()), "S256", null), "customer1", "demo"))
                .get("code");
        HttpResponse<String> withoutVerifier = browser.postForm("/token", form("grant_type", "authorization_code",
                "code", confidentialCode, "redirect_uri", "https://agent.example/callback"),
                clientId, (String) confidential.get("client_secret"));
        assertThat(withoutVerifier.statusCode()).isEqualTo(400);
        assertThat(json(withoutVerifier)).containsEntry("error", "invalid_grant");
    }

    @Test
    void anUnknownResourceIsAnInvalidTarget() {
        String clientId = publicClient();
        TestOAuthClient browser = signedInBrowser(clientId);
        String redirect = location(browser.get(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT, "catalog:read", "st",
                s256(verifier()), "S256", "https://evil.example/api"), "text/html"));
        assertThat(redirect).startsWith(LOOPBACK_REDIRECT);
        assertThat(queryOf(redirect)).containsEntry("error", "invalid_target").containsEntry("state", "st");

        HttpResponse<String> token = browser.postForm("/token", form("grant_type", "client_credentials",
                "scope", "catalog:read", "resource", "https://evil.example/api"), "demo-agent", "demo-agent-secret");
        assertThat(token.statusCode()).isEqualTo(400);
        assertThat(json(token)).containsEntry("error", "invalid_target");
    }

    @Test
    void registrationRefusesNonLoopbackHttpAndBadMetadata() {
        TestOAuthClient client = client();
        for (String uri : List.of("http://agent.example/callback", "http://10.0.0.5:8000/cb", "ftp://127.0.0.1/cb",
                "https://agent.example/cb#fragment")) {
            HttpResponse<String> response = client.postJson("/register", Map.of("redirect_uris", List.of(uri),
                    "token_endpoint_auth_method", "none"));
            assertThat(response.statusCode()).as(uri).isEqualTo(400);
            assertThat(json(response)).as(uri).containsEntry("error", "invalid_redirect_uri")
                    .containsKey("error_description");
        }
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("redirect_uris", List.of(LOOPBACK_REDIRECT), "token_endpoint_auth_method", "private_key_jwt"),
                Map.of("redirect_uris", List.of(LOOPBACK_REDIRECT), "grant_types", List.of("password")),
                Map.of("redirect_uris", List.of(LOOPBACK_REDIRECT), "scope", "orders:write root"),
                Map.of("redirect_uris", List.of(LOOPBACK_REDIRECT), "token_endpoint_auth_method", "none",
                        "grant_types", List.of("authorization_code", "client_credentials")),
                Map.of("redirect_uris", List.of(LOOPBACK_REDIRECT), "token_endpoint_auth_method", "client_secret_basic",
                        "grant_types", List.of("client_credentials")),
                Map.of("redirect_uris", List.of(LOOPBACK_REDIRECT), "token_endpoint_auth_method", "client_secret_basic",
                        "grant_types", List.of("authorization_code", "urn:ietf:params:oauth:grant-type:token-exchange")),
                Map.of("redirect_uris", "not-a-list"))) {
            HttpResponse<String> response = client.postJson("/register", bad);
            assertThat(response.statusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(json(response)).as(bad.toString()).containsEntry("error", "invalid_client_metadata");
        }
    }
}
