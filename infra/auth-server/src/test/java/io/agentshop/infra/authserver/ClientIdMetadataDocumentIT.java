package io.agentshop.infra.authserver;

import static io.agentshop.infra.authserver.TestOAuthClient.LOOPBACK_REDIRECT;
import static io.agentshop.infra.authserver.TestOAuthClient.form;
import static io.agentshop.infra.authserver.TestOAuthClient.json;
import static io.agentshop.infra.authserver.TestOAuthClient.queryOf;
import static io.agentshop.infra.authserver.TestOAuthClient.s256;
import static io.agentshop.infra.authserver.TestOAuthClient.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
  * Client ID Metadata Documents through the real endpoints: a client whose client_id is the URL of its document signs
  * a user in and gets tokens with no registration; every document or URL the rules refuse is refused with its reason,
  * and nothing is issued. Documents are served over http on loopback, which the profile local allows (the TypeScript
  * SDK's own https path runs in AgentShopStoryIT).
  */
class ClientIdMetadataDocumentIT extends AuthServerIT {

    private static DocumentServer documents;

    @BeforeAll
    static void startDocumentServer() {
        documents = DocumentServer.start();
    }

    @AfterAll
    static void stopDocumentServer() {
        documents.stop();
    }

    @Test
    void theMetadataAdvertisesDocumentsAndTheIssuerInAuthorizationResponses() {
        Map<String, Object> metadata = client().discovery();

        assertThat(metadata).containsEntry("client_id_metadata_document_supported", true)
                .containsEntry("authorization_response_iss_parameter_supported", true)
                .containsKey("registration_endpoint");
    }

    @Test
    void aDocumentClientSignsAUserInWithoutRegisteringAndTheConsentPageNamesItsHost() throws Exception {
        String url = documents.publish(document("Docs agent"), Map.of("Cache-Control", "max-age=300"));
        TestOAuthClient browser = client();
        String verifier = verifier();

        String redirect = browser.authorizeInteractively(browser.authorizeUrl(url, LOOPBACK_REDIRECT,
                "catalog:read orders:read", "st-1", s256(verifier), "S256", null), "customer1", UserDirectory.DEMO_PASSWORD);

        assertThat(browser.lastConsentPage).contains("<h1>Allow <em>127.0.0.1</em>")
                .contains("id=\"document-host\">127.0.0.1</code>").contains("Docs agent (127.0.0.1)")
                .contains("<code id=\"client-id\">" + url + "</code>");
        Map<String, String> answer = queryOf(redirect);
        assertThat(answer).containsEntry("state", "st-1").containsEntry("iss", issuer).containsKey("code");

        HttpResponse<String> token = browser.postForm("/token", form("grant_type", "authorization_code",
                "code", answer.get("code"), "redirect_uri", LOOPBACK_REDIRECT, "client_id", url,
                "code_verifier", verifier), null, null);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        var claims = browser.verifiedClaims((String) json(token).get("access_token"));
        assertThat(claims.getStringClaim("client_id")).isEqualTo(url);
        assertThat(claims.getSubject()).isEqualTo("customer1");
        assertThat(claims.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("catalog:read", "orders:read");
        assertThat(documents.fetches(url)).as("cached as its Cache-Control allows").isEqualTo(1);
    }

    @Test
    void aDocumentThatMayNotBeStoredIsFetchedForEveryRequest() {
        String url = documents.publish(document("Uncached agent"), Map.of("Cache-Control", "no-store"));
        TestOAuthClient browser = client();

        for (int i = 0; i < 2; i++) {
            browser.get(browser.authorizeUrl(url, LOOPBACK_REDIRECT, "catalog:read", "st", s256(verifier()), "S256",
                    null), "text/html");
        }

        assertThat(documents.fetches(url)).isEqualTo(2);
    }

    @Test
    void anErrorRedirectCarriesTheIssuerToo() {
        String clientId = (String) client().registerPublicClient("catalog:read").get("client_id");
        TestOAuthClient browser = client();
        browser.authorizeInteractively(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT, "catalog:read", "st",
                s256(verifier()), "S256", null), "customer1", UserDirectory.DEMO_PASSWORD);

        String redirect = TestOAuthClient.location(browser.get(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT,
                "catalog:read", "st-2", verifier(), "plain", null), "text/html"));

        assertThat(queryOf(redirect)).containsEntry("error", "invalid_request").containsEntry("state", "st-2")
                .containsEntry("iss", issuer).doesNotContainKey("code");
    }

    @Test
    void documentsAndUrlsTheRulesRefuseAreRefusedWithTheirReasonAndNothingIsIssued() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put(documents.publish(document("Liar").replace("\"client_id\":\"", "\"client_id\":\"https://other.example"),
                Map.of()), "client_id is not its own URL");
        refused.put(documents.publish(document("Big " + "x".repeat(6000)), Map.of()), "larger than 5120 bytes");
        refused.put(documents.publishChunked(document("Streams on"), 100_000), "larger than 5120 bytes");
        refused.put(documents.publish(document("Secretive").replaceFirst("\\{", "{\"client_secret\":\"s\","), Map.of()),
                "must not hold client_secret");
        refused.put(documents.publish(document("Basic").replace("\"none\"", "\"client_secret_basic\""), Map.of()),
                "needs a shared secret");
        refused.put(documents.publish(document("Agent Shop official"), Map.of()), "must not pass for Agent Shop");
        refused.put(documents.publish(document("Wide").replace(LOOPBACK_REDIRECT, "http://evil.example/cb"), Map.of()),
                "Redirect URIs must use https");
        refused.put(documents.publish("[1,2]", Map.of()), "not a JSON object");
        refused.put(documents.publish("{\"client_id\": ", Map.of()), "not JSON");
        refused.put(documents.publishAs(document("Html"), "text/html"), "not served as application/json");
        refused.put(documents.missing(), "answered 404");
        refused.put("https://10.0.0.1/agent.json", "10.0.0.1 is a private address");
        refused.put("https://169.254.169.254/latest/meta-data", "link-local");
        refused.put("https://[::ffff:192.168.1.1]/agent.json", "a private address");
        refused.put("https://[fd00:ec2::254]/agent.json", "unique-local");
        refused.put("https://100.64.0.1/agent.json", "reserved or shared");
        refused.put("http://agent.example/agent.json", "must use https");
        refused.put("https://agent.example/", "must have a path");
        refused.put("https://agent.example/a/../agent.json", ". or .. path segments");
        refused.put("https://user:pw@agent.example/agent.json", "no user info");
        refused.put("https://agent.example/" + "a".repeat(600), "longer than 512");

        for (Map.Entry<String, String> bad : refused.entrySet()) {
            TestOAuthClient browser = client();
            HttpResponse<String> authorize = browser.get(browser.authorizeUrl(bad.getKey(), LOOPBACK_REDIRECT,
                    "catalog:read", "st", s256(verifier()), "S256", null), "text/html");
            assertThat(authorize.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(authorize.headers().firstValue("Location")).as(bad.getKey()).isEmpty();
            assertThat(authorize.body()).as(bad.getKey()).contains(bad.getValue());

            HttpResponse<String> token = browser.postForm("/token", form("grant_type", "authorization_code",
                    "code", "made-up", "redirect_uri", LOOPBACK_REDIRECT, "client_id", bad.getKey(),
                    "code_verifier", verifier()), null, null);
            assertThat(token.statusCode()).as(bad.getKey()).isEqualTo(401);
            assertThat(json(token)).as(bad.getKey()).containsEntry("error", "invalid_client");
            assertThat((String) json(token).get("error_description")).as(bad.getKey()).contains(bad.getValue());
        }
    }

    @Test
    void aRedirectUriTheDocumentDoesNotNameIsRefusedWithoutRedirecting() {
        String url = documents.publish(document("Strict agent"), Map.of());
        TestOAuthClient browser = client();

        HttpResponse<String> response = browser.get(browser.authorizeUrl(url, "http://127.0.0.1:53682/elsewhere",
                "catalog:read", "st", s256(verifier()), "S256", null), "text/html");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void aDocumentClientAsksAtMostForTheAgentScopes() {
        String url = documents.publish(document("Greedy agent"), Map.of());
        TestOAuthClient browser = client();

        String redirect = TestOAuthClient.location(browser.get(browser.authorizeUrl(url, LOOPBACK_REDIRECT,
                "catalog:read account:manage", "st", s256(verifier()), "S256", null), "text/html"));

        assertThat(queryOf(redirect)).containsEntry("error", "invalid_scope").containsEntry("iss", issuer);
    }

    /** A document for the URL the server will serve it at ({@code client_id} filled in by the server). */
    private static String document(String name) {
        return "{\"client_id\":\"" + DocumentServer.SELF + "\",\"client_name\":\"" + name + "\",\"redirect_uris\":[\""
                + LOOPBACK_REDIRECT + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"none\",\"id\":\""
                + UUID.randomUUID() + "\"}";
    }
}
