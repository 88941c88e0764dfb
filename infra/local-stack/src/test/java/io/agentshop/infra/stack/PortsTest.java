package io.agentshop.infra.stack;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    @Test
    void aFreePortLiesBelowThePortsTheKernelGivesOutgoingConnections() {
        int ephemeral = Ports.firstEphemeral();
        IntStream.range(0, 50).map(i -> Ports.anyFree()).forEach(port -> {
            assertThat(port).isBetween(Ports.LOWEST, ephemeral - 1);
            assertThat(Ports.isFree(port)).isTrue();
        });
    }

    @Test
    void aRunOfPortsAndTheirNeighboursEndsBelowTheEphemeralRange() {
        int first = Ports.anyFreeRun(3, 10);
        assertThat(first).isGreaterThanOrEqualTo(Ports.LOWEST);
        assertThat(first + 2 * 10 + 1).isLessThan(Ports.firstEphemeral());
        IntStream.range(0, 3).forEach(node -> {
            assertThat(Ports.isFree(first + 10 * node)).isTrue();
            assertThat(Ports.isFree(first + 10 * node + 1)).isTrue();
        });
    }

    @Test
    void aPortIsHandedOutOncePerJvmEvenBeforeItIsBound() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            int port = Ports.anyFree();
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(ports).doesNotContain(port + 1);
        }
    }

    @Test
    void theEphemeralRangeIsReadWhole() {
        // Files.readString reads one byte of the sysctl file: "3" of "32768 60999".
        assertThat(Ports.firstEphemeral()).isBetween(1_024, 65_535);
    }
}
