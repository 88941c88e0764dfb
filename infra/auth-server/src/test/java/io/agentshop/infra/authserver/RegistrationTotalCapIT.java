package io.agentshop.infra.authserver;

import static io.agentshop.infra.authserver.TestOAuthClient.LOOPBACK_REDIRECT;
import static io.agentshop.infra.authserver.TestOAuthClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "agentshop.auth.registration.max-clients=2")
class RegistrationTotalCapIT extends AuthServerIT {

    @Test
    void registrationsBeyondTheTotalCapAreForbidden() {
        TestOAuthClient client = client();
        client.registerPublicClient("catalog:read");
        client.registerPublicClient("catalog:read");
        HttpResponse<String> third = client.postJson("/register", Map.of("redirect_uris", List.of(LOOPBACK_REDIRECT),
                "token_endpoint_auth_method", "none"));
        assertThat(third.statusCode()).isEqualTo(403);
        assertThat(json(third)).containsEntry("error", "access_denied").containsKey("error_description");
        // The pre-registered client does not count, and keeps working.
        assertThat(client.clientCredentials("demo-agent", "demo-agent-secret", "catalog:read", null))
                .containsKey("access_token");
    }
}
