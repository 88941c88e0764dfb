package io.agentshop.infra.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the warm-up stops, and what counts as the compilers' share of the system's CPU. */
class WarmupTest {

    private static final Duration MIN = Duration.ofSeconds(180);
    private static final Duration MAX = Duration.ofSeconds(900);

    @Test
    void settledCompilersEndTheWarmUpOnlyOnceTheMinimumIsDone() {
        assertThat(Warmup.next(5, 0.01, MIN, MAX)).isEqualTo(Warmup.Next.GO_ON); // 150 s
        assertThat(Warmup.next(6, 0.01, MIN, MAX)).isEqualTo(Warmup.Next.SETTLED); // 180 s
        assertThat(Warmup.next(6, Warmup.SETTLED_SHARE, MIN, MAX)).isEqualTo(Warmup.Next.SETTLED);
    }

    @Test
    void busyCompilersKeepItGoingUntilAnotherSliceWouldPassTheMaximum() {
        assertThat(Warmup.next(6, 0.2, MIN, MAX)).isEqualTo(Warmup.Next.GO_ON);
        assertThat(Warmup.next(29, 0.2, MIN, MAX)).isEqualTo(Warmup.Next.GO_ON); // 870 s: one more fits
        assertThat(Warmup.next(30, 0.2, MIN, MAX)).isEqualTo(Warmup.Next.GIVE_UP); // 900 s
    }

    @Test
    void aMinimumEqualToTheMaximumRunsExactlyThatLong() {
        Duration minute = Duration.ofSeconds(60);
        assertThat(Warmup.next(1, 0.3, minute, minute)).isEqualTo(Warmup.Next.GO_ON);
        assertThat(Warmup.next(2, 0.3, minute, minute)).isEqualTo(Warmup.Next.GIVE_UP);
    }

    @Test
    void theShareIsTheCompilersCpuOverEveryProcessButTheHarness() {
        Map<String, Double> before = Map.of(SystemUnderTest.JIT, 10.0, "mcp-edge", 100.0, "postgres", 50.0,
                SystemUnderTest.HARNESS, 5.0, SystemUnderTest.RELAY, 7.0, SystemUnderTest.POSTGRES_COUNTER + "x", 1.0);
        Map<String, Double> after = Map.of(SystemUnderTest.JIT, 12.0, "mcp-edge", 130.0, "postgres", 60.0,
                SystemUnderTest.HARNESS, 50.0, SystemUnderTest.RELAY, 17.0, SystemUnderTest.POSTGRES_COUNTER + "x",
                999.0);
        assertThat(Warmup.jitShare(before, after)).isEqualTo(2.0 / 40.0);
    }

    @Test
    void compilerCpuThatWentBackwardsOrNoCpuAtAllIsNeverSettled() {
        Map<String, Double> before = Map.of(SystemUnderTest.JIT, 10.0, "mcp-edge", 100.0);
        double backwards = Warmup.jitShare(before, Map.of(SystemUnderTest.JIT, 9.0, "mcp-edge", 130.0));
        double idle = Warmup.jitShare(before, before);
        assertThat(backwards).isNaN();
        assertThat(idle).isNaN();
        assertThat(Warmup.next(10, backwards, MIN, MAX)).isEqualTo(Warmup.Next.GO_ON);
        assertThat(Warmup.next(30, idle, MIN, MAX)).isEqualTo(Warmup.Next.GIVE_UP);
    }

    @Test
    void aMaximumShorterThanOneSliceOrThanTheMinimumIsRefused() {
        assertThatThrownBy(() -> BenchSettings.from(new String[]{"--warmup=0s", "--warmup-max=10s"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 30s");
        assertThatThrownBy(() -> BenchSettings.from(new String[]{"--warmup=300s", "--warmup-max=200s"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than --warmup");
    }
}
