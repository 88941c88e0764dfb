package io.agentshop.mcpedge.mcp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArgumentRulesTest {

    @Test
    void aPointerIntoTheArgumentsIsSaidAsAnAgentWritesThePath() {
        assertThat(ArgumentRules.argument("")).isEmpty();
        assertThat(ArgumentRules.argument("/lines")).isEqualTo("lines");
        assertThat(ArgumentRules.argument("/lines/0/quantity")).isEqualTo("lines[0].quantity");
        assertThat(ArgumentRules.argument("/a~1b/c~0d")).isEqualTo("a/b.c~d");
    }
}
