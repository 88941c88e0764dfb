package io.agentshop.infra.authserver;

import static io.agentshop.infra.authserver.TestOAuthClient.LOOPBACK_REDIRECT;
import static io.agentshop.infra.authserver.TestOAuthClient.s256;
import static io.agentshop.infra.authserver.TestOAuthClient.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
  * As deployed (no loopback allowed): a document on this machine is refused, whether its URL names the address or a
  * host name that resolves to it, and the check happens where the connection is made: the server never asked.
  */
@TestPropertySource(properties = "agentshop.auth.client-metadata.allow-loopback=false")
class ClientDocumentAddressesIT extends AuthServerIT {

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
    void aDocumentOnLoopbackIsNeverFetchedWhetherNamedByAddressOrByName() {
        String published = documents.publish("{\"client_id\":\"" + DocumentServer.SELF + "\",\"redirect_uris\":[\""
                + LOOPBACK_REDIRECT + "\"]}", Map.of());
        String port = published.substring("http://127.0.0.1:".length(), published.indexOf('/', 8));
        String path = published.substring(published.indexOf('/', 8));

        Map<String, String> refused = Map.of(
                "https://127.0.0.1:" + port + path, "127.0.0.1 is a loopback address",
                "https://localhost:" + port + path, "localhost resolves to",
                "https://[::1]:" + port + path, "is a loopback address",
                published, "127.0.0.1 is a loopback address",
                published.replace("http:", "https:").replace("/agents", "/./agents"), ". or .. path segments");
        for (Map.Entry<String, String> url : refused.entrySet()) {
            TestOAuthClient browser = client();
            HttpResponse<String> response = browser.get(browser.authorizeUrl(url.getKey(), LOOPBACK_REDIRECT,
                    "catalog:read", "st", s256(verifier()), "S256", null), "text/html");

            assertThat(response.statusCode()).as(url.getKey()).isEqualTo(400);
            assertThat(response.body()).as(url.getKey()).contains(url.getValue());
        }
        assertThat(documents.fetches(published)).isZero();
    }
}
