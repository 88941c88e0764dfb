package io.agentshop.infra.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to run: {@code --concurrency=4 --warmup=60s --duration=40s --baseline=8s
 * --mix=place_order:50,search_products:30,get_order:20 --launcher=infra/launcher/target/agent-shop-local.jar
 * --out=infra/bench/target/bench-result.json}. The defaults finish within about three minutes on 2 cores; the
 * warm-up is long because on 2 cores the JIT compilers of five JVMs are still busy a minute after start.
 */
record BenchSettings(int concurrency, Duration warmup, Duration duration, Duration baseline, Map<String, Integer> mix,
                     Path launcherJar, Path output) {

    static BenchSettings from(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments look like --name=value, not " + arg);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        BenchSettings settings = new BenchSettings(
                Integer.parseInt(given.getOrDefault("concurrency", "4")),
                duration(given.getOrDefault("warmup", "60s")),
                duration(given.getOrDefault("duration", "40s")),
                duration(given.getOrDefault("baseline", "8s")),
                mix(given.getOrDefault("mix", "place_order:50,search_products:30,get_order:20")),
                Path.of(given.getOrDefault("launcher", "infra/launcher/target/agent-shop-local.jar")),
                Path.of(given.getOrDefault("out", "infra/bench/target/bench-result.json")));
        given.keySet().removeAll(java.util.Set.of("concurrency", "warmup", "duration", "baseline", "mix", "launcher",
                "out"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown settings " + given.keySet());
        }
        if (settings.concurrency < 1 || settings.concurrency > 200) {
            throw new IllegalArgumentException("concurrency must be between 1 and 200");
        }
        return settings;
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
