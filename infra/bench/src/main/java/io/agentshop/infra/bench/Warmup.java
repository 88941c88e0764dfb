package io.agentshop.infra.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The first level's warm-up: the mix runs in slices until the JIT compilers of the system's JVMs have settled, so that
 * the measured window sees the steady state and not the compilers' work. At a few hundred calls a second a method
 * called once per call needs minutes to reach the optimising compiler's thresholds, and on two cores those
 * compilations compete with the calls: a fixed warm-up of three minutes left them a sixth of the system's CPU in the
 * window, against a fiftieth eight minutes in. Settled means: at least the minimum has passed and the compilers took
 * at most {@link #SETTLED_SHARE} of the system's CPU in the last slice; at the maximum the run goes on and says it did
 * not settle.
 */
final class Warmup {

    /** The JIT compilers' share of the system's CPU (every process but the harness) under which they have settled. */
    static final double SETTLED_SHARE = 0.05;

    /** One look at the compilers: long enough that a handful of long compilations does not decide it. */
    static final Duration SLICE = Duration.ofSeconds(30);

    /**
     * @param seconds       how long the warm-up ran
     * @param lastJitShare  the compilers' share of the system's CPU in the last slice
     * @param settled       whether the share fell to {@link #SETTLED_SHARE} before the maximum
     */
    record Outcome(long seconds, double lastJitShare, boolean settled) {

        Map<String, Object> toJson() {
            return Map.of("seconds", seconds, "jit_share_of_system_cpu_last_slice", Latencies.round(lastJitShare),
                    "settled", settled, "settled_below", SETTLED_SHARE);
        }
    }

    private Warmup() {
    }

    static Outcome untilCompilersSettle(List<SimulatedAgent> agents, Map<String, Integer> mix, Duration minimum,
                                        Duration maximum, Supplier<Map<String, Double>> readings)
            throws InterruptedException {
        long started = System.nanoTime();
        double share = 1;
        while (true) {
            Workload.Result slice = Workload.run(agents, mix, Duration.ZERO, SLICE, 0, readings);
            List<Map<String, Double>> cpu = slice.cpuAtQuarters();
            share = jitShare(cpu.get(0), cpu.get(cpu.size() - 1));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            boolean settled = share <= SETTLED_SHARE;
            Benchmark.log(String.format(Locale.ROOT, "warm-up %d s: the JIT compilers took %.1f %% of the system's CPU"
                    + " in the last %d s", elapsed.toSeconds(), share * 100, SLICE.toSeconds()));
            if (elapsed.compareTo(minimum) >= 0 && settled) {
                return new Outcome(elapsed.toSeconds(), share, true);
            }
            if (elapsed.plus(SLICE).compareTo(maximum) > 0) {
                Benchmark.log("warm-up: the compilers had not settled after " + elapsed.toSeconds() + " s (--warmup-max);"
                        + " the figures include their work");
                return new Outcome(elapsed.toSeconds(), share, false);
            }
        }
    }

    /** The JIT compilers' CPU as a share of the system's processes' CPU between two readings. */
    static double jitShare(Map<String, Double> before, Map<String, Double> after) {
        double jit = after.getOrDefault(SystemUnderTest.JIT, 0.0) - before.getOrDefault(SystemUnderTest.JIT, 0.0);
        double system = 0;
        for (Map.Entry<String, Double> part : after.entrySet()) {
            if (SystemUnderTest.isProcess(part.getKey()) && !part.getKey().equals(SystemUnderTest.HARNESS)) {
                system += part.getValue() - before.getOrDefault(part.getKey(), 0.0);
            }
        }
        return system <= 0 ? 0 : jit / system;
    }
}
