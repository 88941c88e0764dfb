package io.agentshop.infra.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Every agent on its own thread, calling tools in the configured mix: a warm-up, then the measured window. Only calls
 * that start inside the window count. Back to back (closed loop), or paced: each agent starts its calls on a fixed
 * schedule and a call's latency counts from when it was due, so a system that falls behind shows it in the
 * percentiles instead of slowing the schedule down. The processes' CPU is read when the window starts and at the end
 * of each quarter. Every tenth order placed in the window is remembered with the moment its call was acknowledged,
 * to measure audit freshness afterwards.
 */
final class Workload {

    record Acknowledged(String orderId, Instant at) {
    }

    /** The measured window's quarters: how orders per second and CPU per call varied within the run. */
    static final int QUARTERS = 4;

    /**
     * @param placedPerQuarter orders placed by calls that began in each quarter of the window
     * @param callsPerQuarter  calls that began in each quarter of the window
     * @param cpuAtQuarters    CPU seconds of each process at the window's start and at the end of each quarter
     */
    record Result(Map<String, Latencies> latencies, int ordersPlaced, int refusedOrFailed, Duration window,
                  List<Acknowledged> sampled, int[] placedPerQuarter, int[] callsPerQuarter,
                  List<Map<String, Double>> cpuAtQuarters) {

        int calls() {
            return latencies.values().stream().mapToInt(Latencies::count).sum();
        }
    }

    /**
     * @param callsPerSecond all agents together; 0 for back to back
     * @param cpu            CPU seconds used so far by each process
     */
    static Result run(List<SimulatedAgent> agents, Map<String, Integer> mix, Duration warmup, Duration duration,
                      double callsPerSecond, Supplier<Map<String, Double>> cpu) throws InterruptedException {
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + duration.toNanos();
        long interval = callsPerSecond <= 0 ? 0 : (long) (1e9 * agents.size() / callsPerSecond);
        int totalWeight = mix.values().stream().mapToInt(Integer::intValue).sum();
        List<Map<String, Latencies>> perThread = new ArrayList<>();
        List<List<Acknowledged>> samples = new ArrayList<>();
        AtomicInteger placed = new AtomicInteger();
        AtomicIntegerArray placedPerQuarter = new AtomicIntegerArray(QUARTERS);
        AtomicIntegerArray callsPerQuarter = new AtomicIntegerArray(QUARTERS);
        AtomicInteger failed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int a = 0; a < agents.size(); a++) {
            SimulatedAgent agent = agents.get(a);
            Map<String, Latencies> latencies = new LinkedHashMap<>();
            mix.keySet().forEach(tool -> latencies.put(tool, new Latencies()));
            List<Acknowledged> sampled = new ArrayList<>();
            perThread.add(latencies);
            samples.add(sampled);
            // Paced agents start spread over one interval, so that their calls do not arrive in bursts.
            long firstDue = start + (interval == 0 ? 0 : interval * a / agents.size());
            Thread thread = new Thread(() -> {
                int placedHere = 0;
                long due = firstDue;
                while (due < windowEnd) {
                    if (interval > 0) {
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    String tool = pick(mix, totalWeight);
                    long began = interval > 0 ? due : System.nanoTime();
                    boolean ok;
                    String orderId = null;
                    try {
                        switch (tool) {
                            case "place_order" -> {
                                orderId = agent.placeOrder();
                                ok = orderId != null;
                            }
                            case "search_products" -> ok = agent.searchProducts();
                            case "noop" -> ok = agent.noop();
                            default -> ok = agent.getOrder();
                        }
                    } catch (RuntimeException e) {
                        ok = false;
                    }
                    long ended = System.nanoTime();
                    due = interval > 0 ? due + interval : ended;
                    if (began >= windowStart && began < windowEnd) {
                        int quarter = (int) ((began - windowStart) * QUARTERS / (windowEnd - windowStart));
                        latencies.get(tool).add(ended - began);
                        callsPerQuarter.incrementAndGet(quarter);
                        if (!ok) {
                            failed.incrementAndGet();
                        } else if (orderId != null) {
                            placed.incrementAndGet();
                            placedPerQuarter.incrementAndGet(quarter);
                            if (placedHere++ % 10 == 0) {
                                sampled.add(new Acknowledged(orderId, Instant.now()));
                            }
                        }
                    }
                }
            }, "agent-" + agent.user);
            threads.add(thread);
            thread.start();
        }
        List<Map<String, Double>> cpuAtQuarters = new ArrayList<>();
        for (int mark = 0; mark <= QUARTERS; mark++) {
            long at = windowStart + (windowEnd - windowStart) * mark / QUARTERS;
            long wait;
            // Timed marks, not conditions: the CPU is read when each quarter of the window ends.
            while ((wait = at - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            cpuAtQuarters.add(cpu.get());
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Map<String, Latencies> merged = new LinkedHashMap<>();
        mix.keySet().forEach(tool -> merged.put(tool, new Latencies()));
        perThread.forEach(latencies -> latencies.forEach((tool, values) -> merged.get(tool).addAll(values)));
        return new Result(merged, placed.get(), failed.get(), duration,
                samples.stream().flatMap(List::stream).toList(), toArray(placedPerQuarter),
                toArray(callsPerQuarter), cpuAtQuarters);
    }

    private static int[] toArray(AtomicIntegerArray counts) {
        int[] array = new int[counts.length()];
        for (int i = 0; i < array.length; i++) {
            array[i] = counts.get(i);
        }
        return array;
    }

    private static String pick(Map<String, Integer> mix, int totalWeight) {
        int roll = ThreadLocalRandom.current().nextInt(totalWeight);
        for (Map.Entry<String, Integer> tool : mix.entrySet()) {
            roll -= tool.getValue();
            if (roll < 0) {
                return tool.getKey();
            }
        }
        throw new IllegalStateException("empty mix");
    }
}
