package io.agentshop.infra.authserver;

import static io.agentshop.infra.authserver.TestOAuthClient.LOOPBACK_REDIRECT;
import static io.agentshop.infra.authserver.TestOAuthClient.s256;
import static io.agentshop.infra.authserver.TestOAuthClient.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
  * A client id is all it takes to make the server fetch a URL, so fetches that reach the network are capped a minute:
  * past the cap a new document is refused without being asked for, while a cached one is still served.
  */
@TestPropertySource(properties = "agentshop.auth.client-metadata.fetches-per-minute=3")
class ClientDocumentFetchBudgetIT extends AuthServerIT {

    @Test
    void pastTheBudgetNoDocumentIsFetchedButCachedOnesStillServe() {
        DocumentServer documents = DocumentServer.start();
        try {
            String cached = documents.publish(document(), Map.of("Cache-Control", "max-age=600"));
            assertThat(authorize(cached).statusCode()).isEqualTo(302);
            for (int i = 0; i < 2; i++) {
                assertThat(authorize(documents.publish(document(), Map.of())).statusCode()).isEqualTo(302);
            }

            String oneTooMany = documents.publish(document(), Map.of());
            HttpResponse<String> refused = authorize(oneTooMany);

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("at most 3 client documents a minute");
            assertThat(documents.fetches(oneTooMany)).isZero();
            assertThat(authorize(cached).statusCode()).as("answered from the cache").isEqualTo(302);
            assertThat(documents.fetches(cached)).isEqualTo(1);
        } finally {
            documents.stop();
        }
    }

    private HttpResponse<String> authorize(String clientId) {
        TestOAuthClient browser = client();
        return browser.get(browser.authorizeUrl(clientId, LOOPBACK_REDIRECT, "catalog:read", "st", s256(verifier()),
                "S256", null), "text/html");
    }

    private static String document() {
        return "{\"client_id\":\"" + DocumentServer.SELF + "\",\"redirect_uris\":[\"" + LOOPBACK_REDIRECT + "\"],"
                + "\"token_endpoint_auth_method\":\"none\"}";
    }
}
