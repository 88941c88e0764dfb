package io.agentshop.infra.authserver;

import static io.agentshop.infra.authserver.TestOAuthClient.EDGE;
import static io.agentshop.infra.authserver.TestOAuthClient.LOOPBACK_REDIRECT;
import static io.agentshop.infra.authserver.TestOAuthClient.form;
import static io.agentshop.infra.authserver.TestOAuthClient.queryOf;
import static io.agentshop.infra.authserver.TestOAuthClient.s256;
import static io.agentshop.infra.authserver.TestOAuthClient.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The edge is down (nothing listens where consents are reported): the user's consent goes through all the same. */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "agentshop.auth.consent-recorder.enabled=true")
class ConsentRecorderDownIT extends AuthServerIT {

    @DynamicPropertySource
    static void closedPort(DynamicPropertyRegistry registry) {
        int closed = freePort();
        registry.add("agentshop.auth.consent-recorder.url", () -> "http://127.0.0.1:" + closed + "/internal/consents");
    }

    @Test
    void theUserGetsTheCodeAndTheTokenPromptlyAndTheLossIsLogged(CapturedOutput output) {
        TestOAuthClient browser = client();
        String clientId = (String) browser.registerPublicClient("catalog:read", "orders:read").get("client_id");
        String verifier = verifier();
        String redirect = browser.authorizeInteractively(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT,
                "catalog:read orders:read", "d1", s256(verifier), "S256", EDGE), "customer1", "demo");

        // A refused connection costs nothing like the 2 s connect timeout.
        assertThat(browser.lastConsentSubmission).isLessThan(Duration.ofSeconds(2));
        String code = queryOf(redirect).get("code");
        assertThat(code).as(redirect).isNotNull();
        HttpResponse<String> token = browser.postForm("/token", form("grant_type", "authorization_code", "code", code,
                "redirect_uri", LOOPBACK_REDIRECT, "client_id", clientId, "code_verifier", verifier), null, null);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(output.getOut()).containsPattern("WARN .*consent of user customer1 to client " + clientId
                + " was not recorded at http://127\\.0\\.0\\.1:\\d+/internal/consents: .*ConnectException");
    }
}
