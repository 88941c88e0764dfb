package io.agentshop.queryside.infrastructure.security;

import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.resourceserver.VerifiedTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/** The decoder the resource server uses is Spring Boot's, behind {@link VerifiedTokens}. */
class VerifiedTokensIT extends QuerySideIntegrationTest {

    @Autowired
    JwtDecoder decoder;

    @Test
    void theResourceServerDecodesThroughVerifiedTokens() {
        assertThat(decoder).isInstanceOf(VerifiedTokens.class);
    }
}
