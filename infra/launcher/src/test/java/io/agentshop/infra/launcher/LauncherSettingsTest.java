package io.agentshop.infra.launcher;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings of several nodes: their ports, the Kafka quorum's size, the restart policy. */
class LauncherSettingsTest {

    /** The applications' jars are looked for at once; the build packages them only after the unit tests. */
    @TempDir
    static Path apps;

    @BeforeAll
    static void applicationJars() throws IOException {
        for (String jar : List.of("mcp-edge.jar", "query-side.jar", "auth-server.jar")) {
            Files.writeString(apps.resolve(jar), "");
        }
    }

    private static LauncherSettings from(Map<String, String> environment, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--apps-dir=" + apps;
        return LauncherSettings.from(all, environment);
    }

    @Test
    void nodesOfASideListenTenPortsApartFromItsPort() {
        LauncherSettings settings = from(Map.of(), "--edges=3", "--query-nodes=2", "--edge-port=18080",
                "--query-port=18081");

        assertThat(settings.edgePort(0)).isEqualTo(18080);
        assertThat(settings.edgePort(2)).isEqualTo(18100);
        assertThat(settings.queryPort(1)).isEqualTo(18091);
    }

    @Test
    void aKafkaQuorumHasAnOddNumberOfNodes() {
        assertThat(from(Map.of(), "--brokers=3").stack().brokers()).isEqualTo(3);
        assertThat(from(Map.of("AGENT_SHOP_BROKERS", "5")).stack().brokers())
                .isEqualTo(5);

        assertThatThrownBy(() -> from(Map.of(), "--brokers=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--brokers must be 1, 3 or 5");
        assertThatThrownBy(() -> from(Map.of(), "--brokers=7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 5");
    }

    @Test
    void restartsBackOffFromOneSecondToThirtyAndGiveUpAfterTheLimitInFiveMinutes() {
        LauncherSettings.Restarts restarts = from(Map.of(), "--restart-limit=3")
                .restarts();

        assertThat(restarts).isEqualTo(new LauncherSettings.Restarts(3, Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofSeconds(30)));
        assertThatThrownBy(() -> from(Map.of(), "--restart-limit=0"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
