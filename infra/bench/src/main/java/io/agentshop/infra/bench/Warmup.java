package io.agentshop.infra.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The first level's warm-up: the mix runs in slices until the JIT compilers of the system's JVMs have settled, so that
 * the measured window sees the steady state and not the compilers' work. At a hundred-odd calls a second a method
 * called once per call needs minutes to reach the optimising compiler's thresholds, and on two cores those
 * compilations compete with the calls: three minutes in they still took a fifth of the system's CPU, six minutes in
 * a twentieth. Settled means: at least the minimum has passed and the compilers took at most {@link #SETTLED_SHARE}
 * of the system's CPU in the last slice; at the maximum the run goes on and says it did not settle.
 */
final class Warmup {

    /** The JIT compilers' share of the system's CPU (every process but the harness) under which they have settled. */
    static final double SETTLED_SHARE = 0.05;

    /** One look at the compilers: long enough that a handful of long compilations does not decide it. */
    static final Duration SLICE = Duration.ofSeconds(30);

    /**
     * @param seconds      how long the warm-up ran
     * @param lastJitShare the compilers' share of the system's CPU in the last slice (NaN: it could not be read)
     * @param settled      whether the share fell to {@link #SETTLED_SHARE} before the maximum
     */
    record Outcome(long seconds, double lastJitShare, boolean settled) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("seconds", seconds);
            json.put("jit_share_of_system_cpu_last_slice", Double.isNaN(lastJitShare) ? null
                    : Latencies.round(lastJitShare));
            json.put("settled", settled);
            json.put("settled_at_most", SETTLED_SHARE);
            return json;
        }
    }

    /** What to do after a slice: go on, stop settled, or stop at the maximum without having settled. */
    enum Next {
        GO_ON, SETTLED, GIVE_UP
    }

    private Warmup() {
    }

    static Outcome untilCompilersSettle(List<SimulatedAgent> agents, Map<String, Integer> mix, Duration minimum,
                                        Duration maximum, Supplier<Map<String, Double>> readings)
            throws InterruptedException {
        long started = System.nanoTime();
        for (int slices = 1; ; slices++) {
            Workload.Result slice = Workload.run(agents, mix, Duration.ZERO, SLICE, 0, readings);
            List<Map<String, Double>> cpu = slice.cpuAtQuarters();
            double share = jitShare(cpu.get(0), cpu.get(cpu.size() - 1));
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            Benchmark.log(Double.isNaN(share) ? "warm-up " + seconds + " s: the JIT compilers' CPU could not be read"
                    : String.format(Locale.ROOT, "warm-up %d s: the JIT compilers took %.1f %% of the system's CPU"
                    + " in the last %d s", seconds, share * 100, SLICE.toSeconds()));
            Next next = next(slices, share, minimum, maximum);
            if (next == Next.GIVE_UP) {
                Benchmark.log("warm-up: the compilers had not settled after " + seconds + " s (--warmup-max); the"
                        + " figures include their work");
            }
            if (next != Next.GO_ON) {
                return new Outcome(seconds, share, next == Next.SETTLED);
            }
        }
    }

    /**
     * The rule, counted in whole slices (the wall clock runs a little longer: the readings and the calls still under
     * way when a slice ends): settled once at least the minimum is done and the share is at most
     * {@link #SETTLED_SHARE}; given up once another slice would pass the maximum.
     */
    static Next next(int slices, double share, Duration minimum, Duration maximum) {
        Duration done = SLICE.multipliedBy(slices);
        if (done.compareTo(minimum) < 0) {
            return Next.GO_ON;
        }
        if (share <= SETTLED_SHARE) {
            return Next.SETTLED;
        }
        return done.plus(SLICE).compareTo(maximum) > 0 ? Next.GIVE_UP : Next.GO_ON;
    }

    /**
     * The JIT compilers' CPU as a share of the system's processes' CPU between two readings; NaN when it cannot be
     * told: no CPU at all, or less compiler CPU than before (a JVM that lets an idle extra compiler thread exit takes
     * that thread's CPU out of the sum), which must not pass for "settled".
     */
    static double jitShare(Map<String, Double> before, Map<String, Double> after) {
        double jit = after.getOrDefault(SystemUnderTest.JIT, 0.0) - before.getOrDefault(SystemUnderTest.JIT, 0.0);
        double system = 0;
        for (Map.Entry<String, Double> part : after.entrySet()) {
            if (SystemUnderTest.isProcess(part.getKey()) && !part.getKey().equals(SystemUnderTest.HARNESS)) {
                system += part.getValue() - before.getOrDefault(part.getKey(), 0.0);
            }
        }
        return system <= 0 || jit < 0 ? Double.NaN : jit / system;
    }
}
