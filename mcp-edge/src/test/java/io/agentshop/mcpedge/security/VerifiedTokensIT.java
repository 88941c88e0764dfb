package io.agentshop.mcpedge.security;

import io.agentshop.mcpedge.EdgeIntegrationTest;
import io.agentshop.resourceserver.VerifiedTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/** The decoder the resource server uses is Spring Boot's, behind {@link VerifiedTokens}. */
class VerifiedTokensIT extends EdgeIntegrationTest {

    @Autowired
    JwtDecoder decoder;

    @Test
    void theResourceServerDecodesThroughVerifiedTokens() {
        assertThat(decoder).isInstanceOf(VerifiedTokens.class);
    }
}
