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
 * The benchmark: starts the whole local system, signs in one simulated agent per shopper, runs the workload at each
 * level of concurrency (warm-up, then the measured window), once more paced at half the peak rate, then the floors
 * (a tool that does nothing; the command side in-process), audit freshness, a projection rebuild and the baselines
 * of the same PostgreSQL and Kafka, and prints every figure beside its floor, baseline or target, as a table and as
 * JSON. {@code java -jar infra/bench/target/agent-shop-bench.jar [--concurrency=4 --duration=45s …]}.
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
        result.put("settings", Map.of("concurrency", settings.concurrency(),
                "warmup_min_s", settings.warmup().toSeconds(), "warmup_max_s", settings.warmupMax().toSeconds(),
                "level_warmup_s", settings.levelWarmup().toSeconds(), "duration_s", settings.duration().toSeconds(),
                "baseline_s", settings.baseline().toSeconds(), "mix", settings.mix()));
        result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                "java", System.getProperty("java.version")));
        log("starting the local system");
        try (SystemUnderTest system = SystemUnderTest.start(settings.launcherJar(), settings.agents())) {
            String admin = console(system, "admin", system.edge());
            String sku = "BENCH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            Http.send("POST", system.edge() + "/controls/admin/products", admin, Map.of("sku", sku,
                    "name", "Benchmark item", "category", "bench", "family", "bench", "variant", "",
                    "price", Map.of("minorUnits", 100, "currency", "EUR"), "initialStock", 1_000_000), 201);
            log("signing in " + settings.agents() + " agents, one shopper each");
            List<SimulatedAgent> agents = new ArrayList<>();
            for (int n = 1; n <= settings.agents(); n++) {
                agents.add(SimulatedAgent.signIn(system, n, sku));
            }

            List<Workload.Result> runs = new ArrayList<>();
            List<Map<String, Object>> sweep = new ArrayList<>();
            for (int level = 0; level < settings.concurrency().size(); level++) {
                int count = settings.concurrency().get(level);
                Duration warmup = settings.levelWarmup();
                if (level == 0) {
                    log(count + " agents: warm-up of " + settings.warmup().toSeconds() + " to "
                            + settings.warmupMax().toSeconds() + " s, until the JIT compilers settle");
                    Warmup.Outcome settled = Warmup.untilCompilersSettle(agents.subList(0, count), settings.mix(),
                            settings.warmup(), settings.warmupMax(), system::readings);
                    result.put("warmup", settled.toJson());
                    warmup = Duration.ZERO;
                }
                log(count + " agents: " + (level == 0 ? "" : "warm-up " + warmup.toSeconds() + " s, then ")
                        + settings.duration().toSeconds() + " s measured");
                Workload.Result run = Workload.run(agents.subList(0, count), settings.mix(), warmup,
                        settings.duration(), 0, system::readings);
                runs.add(run);
                sweep.add(level(count, run));
            }
            Workload.Result headline = runs.get(0);
            result.put("sweep", sweep);

            int peakLevel = 0;
            for (int level = 1; level < runs.size(); level++) {
                if (runs.get(level).ordersPlaced() > runs.get(peakLevel).ordersPlaced()) {
                    peakLevel = level;
                }
            }
            Workload.Result peak = runs.get(peakLevel);
            int peakAgents = settings.concurrency().get(peakLevel);
            double halfRate = peak.calls() / (double) peak.window().toSeconds() / 2;
            log("half the peak rate: " + peakAgents + " agents paced to " + Latencies.round(halfRate)
                    + " calls/s together");
            Workload.Result half = Workload.run(agents.subList(0, peakAgents), settings.mix(), settings.levelWarmup(),
                    settings.duration(), halfRate, system::readings);
            Map<String, Object> halfPeak = level(peakAgents, half);
            halfPeak.put("paced_calls_per_s", Latencies.round(halfRate));
            result.put("half_peak", halfPeak);

            log("idle: no calls for " + settings.baseline().toSeconds() + " s");
            Map<String, Double> idleBefore = system.cpuSeconds();
            Thread.sleep(settings.baseline().toMillis()); // a timed window of nothing: what the system costs idle
            Map<String, Object> idle = cpuPerCall(idleBefore, system.cpuSeconds(),
                    (int) settings.baseline().toSeconds());
            result.put("idle_cpu_ms_per_s", idle);

            int headlineAgents = settings.headline();
            log("floor: the noop tool, " + headlineAgents + " agents");
            Workload.Result noop = Workload.run(agents.subList(0, headlineAgents), Map.of("noop", 1),
                    settings.levelWarmup(), settings.baseline(), 0, system::readings);
            log("floor: the command side in-process, " + headlineAgents + " threads");
            Map<String, Object> commandSide = commandSideInProcess(system, agents.subList(0, headlineAgents),
                    settings.baseline());
            agents.forEach(SimulatedAgent::close);

            log("audit freshness of " + headline.sampled().size() + " sampled orders");
            List<Long> freshness = auditFreshness(system, headline.sampled());
            log("rebuilding the orders projection from Kafka");
            Map<String, Object> rebuild = rebuild(system);
            log("baselines: PostgreSQL commits, Kafka produce and consume, " + settings.baseline().toSeconds()
                    + " s each");
            double commits = Baselines.postgresCommitsPerSecond(system, headlineAgents, settings.baseline());
            double produced = Baselines.kafkaProducedPerSecond(system, headlineAgents, settings.baseline());
            double consumed = Baselines.kafkaConsumedPerSecond(system, "agentshop.events");

            double ordersPerSecond = headline.ordersPlaced() / (double) headline.window().toSeconds();
            Map<String, Object> tools = new LinkedHashMap<>();
            headline.latencies().forEach((tool, latencies) -> tools.put(tool, latencies.summary()));
            Latencies fresh = new Latencies();
            freshness.forEach(millis -> fresh.add(millis * 1_000_000));
            result.put("place_order_per_s", Latencies.round(ordersPerSecond));
            double quarterSeconds = headline.window().toMillis() / 1000.0 / Workload.QUARTERS;
            double[] perQuarter = Arrays.stream(headline.placedPerQuarter())
                    .mapToDouble(count -> count / quarterSeconds).sorted().toArray();
            result.put("place_order_per_s_by_quarter", Map.of("min", Latencies.round(perQuarter[0]),
                    "median", Latencies.round(median(perQuarter)),
                    "max", Latencies.round(perQuarter[perQuarter.length - 1])));
            result.put("refused_or_failed_calls", headline.refusedOrFailed());
            result.put("tool_latency", tools);
            result.put("audit_freshness", Map.of("samples", fresh.count(), "p50_ms",
                    Latencies.round(fresh.percentileMillis(50)), "p99_ms", Latencies.round(fresh.percentileMillis(99))));
            result.put("rebuild", rebuild);
            result.put("baselines", Map.of("postgres_insert_commit_per_s", Latencies.round(commits),
                    "kafka_produce_acks_all_per_s", Latencies.round(produced),
                    "kafka_consume_per_s", Latencies.round(consumed)));
            Map<String, Object> floors = new LinkedHashMap<>();
            Map<String, Object> noopFloor = level(headlineAgents, noop);
            noopFloor.put("latency", noop.latencies().get("noop").summary());
            floors.put("noop_tool", noopFloor);
            floors.put("command_side_in_process", commandSide);
            result.put("floors", floors);
            result.put("ratios", Map.of(
                    "place_order_vs_postgres_commits", Latencies.ratio(ordersPerSecond / commits),
                    "place_order_vs_kafka_produce", Latencies.ratio(ordersPerSecond / produced),
                    "place_order_vs_command_side_in_process",
                    Latencies.ratio(ordersPerSecond / ((Number) commandSide.get("orders_per_s")).doubleValue()),
                    "rebuild_vs_kafka_consume",
                    Latencies.ratio(((Number) rebuild.get("events_per_s")).doubleValue() / consumed)));
            result.put("peak_memory_mib", system.peakMemory());
            result.put("cpu_ms_per_tool_call", cpuPerCall(headline.cpuAtQuarters().get(0),
                    headline.cpuAtQuarters().get(Workload.QUARTERS), headline.calls()));
        }
        Files.createDirectories(settings.output().toAbsolutePath().getParent());
        Files.writeString(settings.output(), Http.JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result));
        System.out.println(Report.table(result));
        System.out.println(Http.JSON.writeValueAsString(result));
        log("JSON written to " + settings.output().toAbsolutePath());
    }

    /** One level of the sweep: rates, latencies, refusals and CPU per call, over the window and by quarter. */
    private static Map<String, Object> level(int agents, Workload.Result run) {
        double seconds = run.window().toMillis() / 1000.0;
        Map<String, Object> level = new LinkedHashMap<>();
        level.put("agents", agents);
        level.put("place_order_per_s", Latencies.round(run.ordersPlaced() / seconds));
        level.put("calls_per_s", Latencies.round(run.calls() / seconds));
        Map<String, Object> p99 = new LinkedHashMap<>();
        Map<String, Object> p50 = new LinkedHashMap<>();
        run.latencies().forEach((tool, latencies) -> {
            p50.put(tool, Latencies.round(latencies.percentileMillis(50)));
            p99.put(tool, Latencies.round(latencies.percentileMillis(99)));
        });
        level.put("p50_ms", p50);
        level.put("p99_ms", p99);
        level.put("refused_or_failed_calls", run.refusedOrFailed());
        List<Map<String, Double>> cpu = run.cpuAtQuarters();
        level.put("cpu_ms_per_call", cpuPerCall(cpu.get(0), cpu.get(Workload.QUARTERS), run.calls()));
        Map<String, Object> postgres = new LinkedHashMap<>();
        cpu.get(Workload.QUARTERS).forEach((key, value) -> {
            if (key.startsWith(SystemUnderTest.POSTGRES_COUNTER)) {
                postgres.put(key.substring(SystemUnderTest.POSTGRES_COUNTER.length()),
                        Latencies.round((value - cpu.get(0).getOrDefault(key, 0.0)) / Math.max(1, run.calls())));
            }
        });
        level.put("postgres_per_call", postgres);
        level.put("jit_cpu_ms_per_call", partPerCall(cpu, SystemUnderTest.JIT, run.calls()));
        level.put("relay_cpu_ms_per_call", partPerCall(cpu, SystemUnderTest.RELAY, run.calls()));
        List<Object> byQuarter = new ArrayList<>();
        for (int quarter = 0; quarter < Workload.QUARTERS; quarter++) {
            byQuarter.add(cpuPerCall(cpu.get(quarter), cpu.get(quarter + 1), run.callsPerQuarter()[quarter])
                    .get(SYSTEM));
        }
        level.put("system_cpu_ms_per_call_by_quarter", byQuarter);
        return level;
    }

    /** CPU milliseconds per call over the window of a part of some process's CPU ({@link SystemUnderTest#readings()}). */
    private static double partPerCall(List<Map<String, Double>> cpu, String part, int calls) {
        return Latencies.round((cpu.get(Workload.QUARTERS).getOrDefault(part, 0.0) - cpu.get(0).getOrDefault(part, 0.0))
                * 1000 / Math.max(1, calls));
    }

    /** All the system's processes together, without the harness. */
    static final String SYSTEM = "system (all but the harness)";

    /** CPU milliseconds per call of each process between two readings, and of the system's processes together. */
    private static Map<String, Object> cpuPerCall(Map<String, Double> before, Map<String, Double> after, int calls) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        double system = 0;
        for (Map.Entry<String, Double> part : after.entrySet()) {
            if (!SystemUnderTest.isProcess(part.getKey())) {
                continue;
            }
            double millis = (part.getValue() - before.getOrDefault(part.getKey(), 0.0)) * 1000 / Math.max(1, calls);
            cpu.put(part.getKey(), Latencies.round(millis));
            if (!part.getKey().equals(SystemUnderTest.HARNESS)) {
                system += millis;
            }
        }
        cpu.put(SYSTEM, Latencies.round(system));
        return cpu;
    }

    /**
     * The command side's floor: each agent's thread asks the edge to place orders for it in-process for the given
     * time (same concurrency, same Accounts, same product), without MCP, HTTP per order or JSON.
     */
    private static Map<String, Object> commandSideInProcess(SystemUnderTest system, List<SimulatedAgent> agents,
                                                            Duration duration) throws InterruptedException {
        Map<String, Double> before = system.cpuSeconds();
        List<JsonNode> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (SimulatedAgent agent : agents) {
            Thread thread = new Thread(() -> answers.add(agent.placeOrdersInProcess(system.edge(),
                    (int) duration.toSeconds())), "in-process-" + agent.user);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Map<String, Double> after = system.cpuSeconds();
        if (answers.size() != agents.size()) {
            throw new IllegalStateException("the in-process command side answered " + answers.size() + " of "
                    + agents.size() + " threads");
        }
        Latencies latencies = new Latencies();
        int refused = 0;
        for (JsonNode answer : answers) {
            answer.path("micros").forEach(micros -> latencies.add(micros.asLong() * 1000));
            refused += answer.path("refused").asInt();
        }
        Map<String, Object> floor = new LinkedHashMap<>();
        floor.put("threads", agents.size());
        floor.put("orders_per_s", Latencies.round(latencies.count() / (double) duration.toSeconds()));
        floor.put("latency", latencies.summary());
        floor.put("refused", refused);
        floor.put("cpu_ms_per_order", cpuPerCall(before, after, latencies.count()));
        return floor;
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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

    static void log(String line) {
        System.out.println(Instant.now() + " bench | " + line);
    }
}
