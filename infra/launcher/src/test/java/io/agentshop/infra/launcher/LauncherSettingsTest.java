package io.agentshop.infra.launcher;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings of several nodes: their ports, the Kafka quorum's size, the restart policy. */
class LauncherSettingsTest {

    @Test
    void nodesOfASideListenTenPortsApartFromItsPort() {
        LauncherSettings settings = LauncherSettings.from(new String[]{"--edges=3", "--query-nodes=2",
                "--edge-port=18080", "--query-port=18081"}, Map.of());

        assertThat(settings.edgePort(0)).isEqualTo(18080);
        assertThat(settings.edgePort(2)).isEqualTo(18100);
        assertThat(settings.queryPort(1)).isEqualTo(18091);
    }

    @Test
    void aKafkaQuorumHasAnOddNumberOfNodes() {
        assertThat(LauncherSettings.from(new String[]{"--brokers=3"}, Map.of()).stack().brokers()).isEqualTo(3);
        assertThat(LauncherSettings.from(new String[0], Map.of("AGENT_SHOP_BROKERS", "5")).stack().brokers())
                .isEqualTo(5);

        assertThatThrownBy(() -> LauncherSettings.from(new String[]{"--brokers=2"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--brokers must be 1, 3 or 5");
        assertThatThrownBy(() -> LauncherSettings.from(new String[]{"--brokers=7"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 5");
    }

    @Test
    void restartsBackOffFromOneSecondToThirtyAndGiveUpAfterTheLimitInFiveMinutes() {
        LauncherSettings.Restarts restarts = LauncherSettings.from(new String[]{"--restart-limit=3"}, Map.of())
                .restarts();

        assertThat(restarts).isEqualTo(new LauncherSettings.Restarts(3, Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofSeconds(30)));
        assertThatThrownBy(() -> LauncherSettings.from(new String[]{"--restart-limit=0"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
