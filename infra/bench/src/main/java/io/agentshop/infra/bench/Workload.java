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

/**
 * Every agent on its own thread, calling tools back to back in the configured mix: a warm-up, then the measured
 * window. Only calls that start inside the window count. Every tenth order placed in the window is remembered with
 * the moment its call was acknowledged, to measure audit freshness afterwards.
 */
final class Workload {

    record Acknowledged(String orderId, Instant at) {
    }

    /** The measured window's quarters: how orders per second varied within the run. */
    static final int QUARTERS = 4;

    /** @param placedPerQuarter orders placed by calls that began in each quarter of the window */
    record Result(Map<String, Latencies> latencies, int ordersPlaced, int refusedOrFailed, Duration window,
                  List<Acknowledged> sampled, int[] placedPerQuarter) {
    }

    static Result run(List<SimulatedAgent> agents, Map<String, Integer> mix, Duration warmup, Duration duration)
            throws InterruptedException {
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + duration.toNanos();
        int totalWeight = mix.values().stream().mapToInt(Integer::intValue).sum();
        List<Map<String, Latencies>> perThread = new ArrayList<>();
        List<List<Acknowledged>> samples = new ArrayList<>();
        AtomicInteger placed = new AtomicInteger();
        AtomicIntegerArray placedPerQuarter = new AtomicIntegerArray(QUARTERS);
        AtomicInteger failed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (SimulatedAgent agent : agents) {
            Map<String, Latencies> latencies = new LinkedHashMap<>();
            mix.keySet().forEach(tool -> latencies.put(tool, new Latencies()));
            List<Acknowledged> sampled = new ArrayList<>();
            perThread.add(latencies);
            samples.add(sampled);
            Thread thread = new Thread(() -> {
                int placedHere = 0;
                while (System.nanoTime() < windowEnd) {
                    String tool = pick(mix, totalWeight);
                    long began = System.nanoTime();
                    boolean ok;
                    String orderId = null;
                    try {
                        switch (tool) {
                            case "place_order" -> {
                                orderId = agent.placeOrder();
                                ok = orderId != null;
                            }
                            case "search_products" -> ok = agent.searchProducts();
                            default -> ok = agent.getOrder();
                        }
                    } catch (RuntimeException e) {
                        ok = false;
                    }
                    long ended = System.nanoTime();
                    if (began >= windowStart && began < windowEnd) {
                        latencies.get(tool).add(ended - began);
                        if (!ok) {
                            failed.incrementAndGet();
                        } else if (orderId != null) {
                            placed.incrementAndGet();
                            placedPerQuarter.incrementAndGet((int) ((began - windowStart) * QUARTERS
                                    / (windowEnd - windowStart)));
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
        for (Thread thread : threads) {
            thread.join();
        }
        Map<String, Latencies> merged = new LinkedHashMap<>();
        mix.keySet().forEach(tool -> merged.put(tool, new Latencies()));
        perThread.forEach(latencies -> latencies.forEach((tool, values) -> merged.get(tool).addAll(values)));
        int[] quarters = new int[QUARTERS];
        for (int i = 0; i < QUARTERS; i++) {
            quarters[i] = placedPerQuarter.get(i);
        }
        return new Result(merged, placed.get(), failed.get(), duration,
                samples.stream().flatMap(List::stream).toList(), quarters);
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
