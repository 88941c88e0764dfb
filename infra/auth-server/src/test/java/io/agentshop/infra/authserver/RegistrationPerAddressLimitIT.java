package io.agentshop.infra.authserver;

import static io.agentshop.infra.authserver.TestOAuthClient.LOOPBACK_REDIRECT;
import static io.agentshop.infra.authserver.TestOAuthClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {"agentshop.auth.registration.per-address-per-minute=2",
        "agentshop.auth.registration.per-minute=100"})
class RegistrationPerAddressLimitIT extends AuthServerIT {

    @Test
    void theThirdRegistrationFromOneAddressInAMinuteIsTooManyThoughTheTotalAllowsMore() {
        TestOAuthClient client = client();
        client.registerPublicClient("catalog:read");
        client.registerPublicClient("catalog:read");

        HttpResponse<String> third = client.postJson("/register", Map.of("redirect_uris", List.of(LOOPBACK_REDIRECT),
                "token_endpoint_auth_method", "none"));

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).contains("60");
        assertThat((String) json(third).get("error_description")).contains("from one address");
    }
}
