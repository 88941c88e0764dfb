package io.agentshop.infra.authserver;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUriRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://agent.example/cb", "http://127.0.0.1:33418/callback", "http://localhost:6274/cb",
            "http://[::1]:8000/cb", "http://127.0.0.1/cb"})
    void httpsAndLoopbackAreAccepted(String uri) {
        assertThatCode(() -> ClientRegistrations.checkRedirectUri(uri)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://agent.example/cb", "http://127.0.0.2/cb", "http://localhost.evil.example/cb",
            "javascript:alert(1)", "/relative", "https://agent.example/cb#frag", "cursor://callback", "not a uri"})
    void everythingElseIsRefused(String uri) {
        assertThatThrownBy(() -> ClientRegistrations.checkRedirectUri(uri))
                .isInstanceOf(ClientRegistrationException.class)
                .hasFieldOrPropertyWithValue("error", "invalid_redirect_uri");
    }
}
