package io.agentshop.resourceserver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerChallengeTest {

    @Test
    void parametersComeInTheOrderGivenAsQuotedStrings() {
        assertThat(BearerChallenge.bearer().error("insufficient_scope").scope("orders:write catalog:read")
                .resourceMetadata("http://localhost:8080/.well-known/oauth-protected-resource/mcp").toString())
                .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"orders:write catalog:read\", resource_metadata="
                        + "\"http://localhost:8080/.well-known/oauth-protected-resource/mcp\"");
        assertThat(BearerChallenge.bearer().toString()).isEqualTo("Bearer");
    }

    @Test
    void noDescriptionCanBreakTheHeaderApart() {
        String header = BearerChallenge.bearer().error("invalid_token")
                .description("bad \"aud\" \\ claim\r\nSet-Cookie: x=1").toString();

        assertThat(header).isEqualTo("Bearer error=\"invalid_token\", error_description="
                + "\"bad \\\"aud\\\" \\\\ claim  Set-Cookie: x=1\"");
        assertThat(header).doesNotContain("\r").doesNotContain("\n");
    }
}
