package io.agentshop.commandside.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeTest {

    @Test
    void everyScopeIsKnownByItsOAuthValueAndNothingElseIs() {
        for (Scope scope : Scope.values()) {
            assertThat(Scope.of(scope.value())).contains(scope);
            assertThat(scope.toString()).isEqualTo(scope.value());
        }
        assertThat(Scope.of("orders:everything")).isEmpty();
        assertThat(Scope.isKnown("ORDERS_WRITE")).as("the enum's name is not the scope").isFalse();
        assertThat(Scope.isKnown("openid")).as("sign-in's own scopes are no shop scope").isFalse();
    }
}
