package io.agentshop.infra.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to run: {@code --concurrency=4 --warmup=180s --warmup-max=900s --level-warmup=20s --duration=40s --baseline=10s
 * --mix=place_order:50,search_products:30,get_order:20 --launcher=infra/launcher/target/agent-shop-local.jar
 * --out=infra/bench/target/bench-result.json}. The first level warms up for at least {@code --warmup} and at most
 * {@code --warmup-max}, until the JIT compilers have settled ({@link Warmup}): on 2 cores the compilers of six JVMs
 * are still busy minutes after start. The defaults take about 8 to 20 minutes.
 * {@code --concurrency=1,4,16,64} is a sweep: one measured window per level, the first after the full warm-up, each
 * later one after {@code --level-warmup}; the detailed figures are those of the first level.
 *
 * @param concurrency the levels, in the order they run
 */
record BenchSettings(List<Integer> concurrency, Duration warmup, Duration warmupMax, Duration levelWarmup,
                     Duration duration, Duration baseline, Map<String, Integer> mix, Path launcherJar, Path output) {

    static final int MOST_AGENTS = 200;

    /** The level of the detailed figures and of the baselines. */
    int headline() {
        return concurrency.get(0);
    }

    /** As many agents as the largest level needs. */
    int agents() {
        return concurrency.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    static BenchSettings from(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments look like --name=value, not " + arg);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        BenchSettings settings = new BenchSettings(
                levels(given.getOrDefault("concurrency", "4")),
                duration(given.getOrDefault("warmup", "180s")),
                duration(given.getOrDefault("warmup-max", "900s")),
                duration(given.getOrDefault("level-warmup", "20s")),
                duration(given.getOrDefault("duration", "40s")),
                duration(given.getOrDefault("baseline", "10s")),
                mix(given.getOrDefault("mix", "place_order:50,search_products:30,get_order:20")),
                Path.of(given.getOrDefault("launcher", "infra/launcher/target/agent-shop-local.jar")),
                Path.of(given.getOrDefault("out", "infra/bench/target/bench-result.json")));
        given.keySet().removeAll(java.util.Set.of("concurrency", "warmup", "warmup-max", "level-warmup", "duration",
                "baseline", "mix", "launcher", "out"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown settings " + given.keySet());
        }
        if (settings.warmupMax.compareTo(Warmup.SLICE) < 0) {
            throw new IllegalArgumentException("--warmup-max is at least " + Warmup.SLICE.toSeconds()
                    + "s: the warm-up looks at the compilers once per " + Warmup.SLICE.toSeconds() + " s slice");
        }
        if (settings.warmupMax.compareTo(settings.warmup) < 0) {
            throw new IllegalArgumentException("--warmup-max (" + settings.warmupMax.toSeconds()
                    + "s) is shorter than --warmup (" + settings.warmup.toSeconds() + "s)");
        }
        if (settings.baseline.toSeconds() > 60) {
            throw new IllegalArgumentException("a baseline runs at most 60s");
        }
        return settings;
    }

    private static List<Integer> levels(String text) {
        List<Integer> levels = new ArrayList<>();
        for (String level : text.split(",")) {
            if (!level.trim().matches("\\d{1,3}") || Integer.parseInt(level.trim()) < 1
                    || Integer.parseInt(level.trim()) > MOST_AGENTS) {
                throw new IllegalArgumentException("concurrency is a number of agents from 1 to " + MOST_AGENTS
                        + ", or several separated by commas (1,4,16,64), not " + text);
            }
            levels.add(Integer.parseInt(level.trim()));
        }
        return List.copyOf(levels);
    }

    private static Duration duration(String text) {
        if (!text.matches("\\d+s")) {
            throw new IllegalArgumentException("durations are whole seconds like 45s, not " + text);
        }
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }

    private static Map<String, Integer> mix(String text) {
        Map<String, Integer> mix = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] toolAndWeight = part.split(":");
            String tool = toolAndWeight[0].trim();
            if (!java.util.Set.of("place_order", "search_products", "get_order").contains(tool)) {
                throw new IllegalArgumentException("the mix knows place_order, search_products and get_order, not "
                        + tool);
            }
            mix.put(tool, Integer.parseInt(toolAndWeight[1].trim()));
        }
        return mix;
    }
}
