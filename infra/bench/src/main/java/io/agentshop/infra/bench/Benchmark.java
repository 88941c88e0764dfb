package io.agentshop.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentshop.infra.stack.DevelopmentLogin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark: starts the whole local system, signs in one simulated agent per shopper, runs the workload (warm-up,
 * then the measured window), measures audit freshness and a projection rebuild, then the baselines of the same
 * PostgreSQL and Kafka at the same concurrency, and prints every figure beside its baseline and target, as a table
 * and as JSON. {@code java -jar infra/bench/target/agent-shop-bench.jar [--concurrency=4 --duration=45s …]}.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings;
        try {
            settings = BenchSettings.from(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("settings", Map.of("concurrency", settings.concurrency(), "warmup_s", settings.warmup().toSeconds(),
                "duration_s", settings.duration().toSeconds(), "baseline_s", settings.baseline().toSeconds(),
                "mix", settings.mix()));
        result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                "java", System.getProperty("java.version")));
        log("starting the local system");
        try (SystemUnderTest system = SystemUnderTest.start(settings.launcherJar(), settings.concurrency())) {
            String admin = console(system, "admin", system.edge());
            String sku = "BENCH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            Http.send("POST", system.edge() + "/controls/admin/products", admin, Map.of("sku", sku,
                    "name", "Benchmark item", "category", "bench", "family", "bench", "variant", "",
                    "price", Map.of("minorUnits", 100, "currency", "EUR"), "initialStock", 1_000_000), 201);
            log("signing in " + settings.concurrency() + " agents, one shopper each");
            List<SimulatedAgent> agents = new ArrayList<>();
            for (int n = 1; n <= settings.concurrency(); n++) {
                agents.add(SimulatedAgent.signIn(system, n, sku));
            }
            log("warm-up " + settings.warmup().toSeconds() + " s, then " + settings.duration().toSeconds()
                    + " s measured");
            Map<String, Double> cpuBefore = new LinkedHashMap<>();
            Thread sampler = new Thread(() -> {
                try {
                    // The measured window starts when the warm-up ends: a timed start, not a wait for a condition.
                    Thread.sleep(settings.warmup().toMillis());
                    cpuBefore.putAll(system.cpuSeconds());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sampler.start();
            Workload.Result run = Workload.run(agents, settings.mix(), settings.warmup(), settings.duration());
            sampler.join();
            Map<String, Double> cpuAfter = system.cpuSeconds();
            agents.forEach(SimulatedAgent::close);

            log("audit freshness of " + run.sampled().size() + " sampled orders");
            List<Long> freshness = auditFreshness(system, run.sampled());
            log("rebuilding the orders projection from Kafka");
            Map<String, Object> rebuild = rebuild(system);
            log("baselines: PostgreSQL commits, Kafka produce and consume, " + settings.baseline().toSeconds()
                    + " s each");
            double commits = Baselines.postgresCommitsPerSecond(system, settings.concurrency(), settings.baseline());
            double produced = Baselines.kafkaProducedPerSecond(system, settings.concurrency(), settings.baseline());
            double consumed = Baselines.kafkaConsumedPerSecond(system, "agentshop.events");

            double ordersPerSecond = run.ordersPlaced() / (double) run.window().toSeconds();
            Map<String, Object> tools = new LinkedHashMap<>();
            run.latencies().forEach((tool, latencies) -> tools.put(tool, latencies.summary()));
            Latencies fresh = new Latencies();
            freshness.forEach(millis -> fresh.add(millis * 1_000_000));
            result.put("place_order_per_s", Latencies.round(ordersPerSecond));
            double quarterSeconds = run.window().toMillis() / 1000.0 / Workload.QUARTERS;
            double[] perQuarter = Arrays.stream(run.placedPerQuarter())
                    .mapToDouble(count -> count / quarterSeconds).sorted().toArray();
            int middle = perQuarter.length / 2;
            double median = perQuarter.length % 2 == 1 ? perQuarter[middle]
                    : (perQuarter[middle - 1] + perQuarter[middle]) / 2;
            result.put("place_order_per_s_by_quarter", Map.of("min", Latencies.round(perQuarter[0]),
                    "median", Latencies.round(median), "max", Latencies.round(perQuarter[perQuarter.length - 1])));
            result.put("refused_or_failed_calls", run.refusedOrFailed());
            result.put("tool_latency", tools);
            result.put("audit_freshness", Map.of("samples", fresh.count(), "p50_ms",
                    Latencies.round(fresh.percentileMillis(50)), "p99_ms", Latencies.round(fresh.percentileMillis(99))));
            result.put("rebuild", rebuild);
            result.put("baselines", Map.of("postgres_insert_commit_per_s", Latencies.round(commits),
                    "kafka_produce_acks_all_per_s", Latencies.round(produced),
                    "kafka_consume_per_s", Latencies.round(consumed)));
            result.put("ratios", Map.of(
                    "place_order_vs_postgres_commits", Latencies.ratio(ordersPerSecond / commits),
                    "place_order_vs_kafka_produce", Latencies.ratio(ordersPerSecond / produced),
                    "rebuild_vs_kafka_consume",
                    Latencies.ratio(((Number) rebuild.get("events_per_s")).doubleValue() / consumed)));
            result.put("peak_memory_mib", system.peakMemory());
            int calls = run.latencies().values().stream().mapToInt(Latencies::count).sum();
            Map<String, Object> cpu = new LinkedHashMap<>();
            cpuAfter.forEach((part, seconds) -> cpu.put(part, Latencies.round(
                    (seconds - cpuBefore.getOrDefault(part, 0.0)) * 1000 / Math.max(1, calls))));
            result.put("cpu_ms_per_tool_call", cpu);
        }
        Files.createDirectories(settings.output().toAbsolutePath().getParent());
        Files.writeString(settings.output(), Http.JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result));
        System.out.println(Report.table(result));
        System.out.println(Http.JSON.writeValueAsString(result));
        log("JSON written to " + settings.output().toAbsolutePath());
    }

    /**
     * For each sampled order: when the audit record of its OrderPlaced event was recorded (the query side's clock)
     * minus when the agent had its answer (this machine's clock, the same one), in milliseconds.
     */
    private static List<Long> auditFreshness(SystemUnderTest system, List<Workload.Acknowledged> sampled)
            throws InterruptedException {
        String auditor = console(system, "auditor", system.querySide());
        List<Long> freshness = new ArrayList<>();
        for (Workload.Acknowledged order : sampled) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            Instant recorded = null;
            while (recorded == null && Instant.now().isBefore(deadline)) {
                JsonNode page = Http.send("GET", system.querySide() + "/audit/records?targetId=" + order.orderId()
                        + "&limit=20", auditor, null, 200);
                for (JsonNode record : page.path("records")) {
                    if (record.path("eventType").asText().equals("OrderPlaced")) {
                        recorded = Instant.parse(record.path("recordedAt").asText());
                    }
                }
                if (recorded == null) {
                    // The record is written asynchronously (Kafka → query side); only asking again tells.
                    Thread.sleep(100);
                }
            }
            if (recorded == null) {
                throw new IllegalStateException("order " + order.orderId() + " never reached the audit trail");
            }
            freshness.add(Math.max(0, Duration.between(order.at(), recorded).toMillis()));
        }
        return freshness;
    }

    private static Map<String, Object> rebuild(SystemUnderTest system) throws InterruptedException {
        String analyst = console(system, "analyst", system.querySide());
        long began = System.nanoTime();
        Http.send("POST", system.querySide() + "/analytics/projections/orders/rebuild", analyst, null, 202);
        JsonNode status;
        do {
            // The rebuild runs on the query side; its status endpoint is the only way to learn it ended.
            Thread.sleep(100);
            status = Http.send("GET", system.querySide() + "/analytics/projections/orders/rebuild", analyst, null, 200);
        } while (status.path("state").asText().equals("BUILDING") || status.path("state").asText().equals("SWITCHING"));
        double seconds = (System.nanoTime() - began) / 1e9;
        if (!status.path("state").asText().equals("DONE")) {
            throw new IllegalStateException("the rebuild ended " + status);
        }
        long events = 0;
        for (JsonNode offset : status.path("endOffsets")) {
            events += offset.asLong();
        }
        Map<String, Object> rebuild = new LinkedHashMap<>();
        rebuild.put("projection", "orders");
        rebuild.put("events", events);
        rebuild.put("seconds", Latencies.round(seconds));
        rebuild.put("events_per_s", Latencies.round(events / seconds));
        return rebuild;
    }

    private static String console(SystemUnderTest system, String user, String resource) {
        return (String) new DevelopmentLogin(system.issuer()).signIn("agentshop-console", user,
                "openid account:read account:manage audit:read", resource).get("access_token");
    }

    private static void log(String line) {
        System.out.println(Instant.now() + " bench | " + line);
    }
}
