package io.agentshop.infra.testsupport;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class TestStacksTest {

    @Test
    void theContainerSwitchSkipsWithAReasonWhereNoDockerEngineRuns() {
        assumeFalse(ContainerTestStack.dockerAvailable(), "a Docker engine runs here: the switch would start containers");

        assertThatThrownBy(() -> TestStacks.start("testcontainers"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no Docker engine");
    }

    @Test
    void anUnknownStackKindIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> TestStacks.start("docker-compose"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'embedded' or 'testcontainers'");
    }
}
