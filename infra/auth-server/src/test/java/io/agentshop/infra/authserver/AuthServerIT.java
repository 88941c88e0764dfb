package io.agentshop.infra.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
  * The server on a free port of its own, with the issuer saying so, the demo users and the demo agents. Each distinct configuration
  * (e.g. registration limits) gets its own context and so its own port. Consents are not reported to an edge (whatever
  * listens on 8080 here is none of the tests' business) except where a test brings its own receiver.
  */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("local") // the demo users and the pre-registered demo agents, as on the local system
@TestPropertySource(properties = {"agentshop.auth.consent-recorder.enabled=false",
        // Every test registers clients of its own, all from 127.0.0.1; the limits have tests of their own.
        "agentshop.auth.registration.per-address-per-minute=10000",
        "agentshop.auth.registration.per-minute=10000"})
abstract class AuthServerIT {

    @Value("${agentshop.auth.issuer}")
    String issuer;

    @DynamicPropertySource
    static void ownPort(DynamicPropertyRegistry registry) {
        int port = freePort();
        registry.add("server.port", () -> port);
        registry.add("agentshop.auth.issuer", () -> "http://127.0.0.1:" + port);
    }

    TestOAuthClient client() {
        return new TestOAuthClient(issuer);
    }

    /** The whole code flow for a freshly registered public client; returns the token response. */
    Map<String, Object> userTokens(String username, String scope, String resource, String... untick) {
        TestOAuthClient browser = client();
        String clientId = (String) browser.registerPublicClient(scope.split(" ")).get("client_id");
        String verifier = TestOAuthClient.verifier();
        String redirect = browser.authorizeInteractively(browser.authorizeUrl(clientId,
                TestOAuthClient.LOOPBACK_REDIRECT, scope, "s-" + username, TestOAuthClient.s256(verifier), "S256", resource),
                username, UserDirectory.DEMO_PASSWORD, untick);
        String code = TestOAuthClient.queryOf(redirect).get("code");
        assertThat(code).as(redirect).isNotNull();
        HttpResponse<String> token = browser.postForm("/token", TestOAuthClient.form(
                "grant_type", "authorization_code", "code", code, "redirect_uri", TestOAuthClient.LOOPBACK_REDIRECT,
                "client_id", clientId, "code_verifier", verifier), null, null);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Map<String, Object> tokens = new java.util.LinkedHashMap<>(TestOAuthClient.json(token));
        tokens.put("client_id", clientId);
        return tokens;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
