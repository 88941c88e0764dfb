package io.agentshop.infra.bench;

import java.util.List;
import java.util.Map;

/**
 * The figures as a table: each beside its baseline or target, and the ratio. In the CPU rows, "idle" is what each
 * process spends per second with no calls at all, divided by the calls per second of the run: the part of its CPU per
 * call that does not come from the calls.
 */
final class Report {

    private Report() {
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> result) {
        Map<String, Object> baselines = (Map<String, Object>) result.get("baselines");
        Map<String, Object> ratios = (Map<String, Object>) result.get("ratios");
        Map<String, Object> freshness = (Map<String, Object>) result.get("audit_freshness");
        Map<String, Object> rebuild = (Map<String, Object>) result.get("rebuild");
        StringBuilder table = new StringBuilder("\n");
        table.append(String.format("%-38s %14s %-34s %8s%n", "figure", "value", "baseline / target", "ratio"));
        Map<String, Object> floors = (Map<String, Object>) result.get("floors");
        Map<String, Object> noop = (Map<String, Object>) floors.get("noop_tool");
        Map<String, Object> commandSide = (Map<String, Object>) floors.get("command_side_in_process");
        row(table, "place_order per second", result.get("place_order_per_s"),
                "command side in-process/s " + commandSide.get("orders_per_s"),
                ratios.get("place_order_vs_command_side_in_process"));
        row(table, "", "",
                "PostgreSQL INSERT+COMMIT/s " + baselines.get("postgres_insert_commit_per_s"),
                ratios.get("place_order_vs_postgres_commits") + " (target >= 0.5)");
        row(table, "", "", "Kafka produce acks=all/s " + baselines.get("kafka_produce_acks_all_per_s"),
                ratios.get("place_order_vs_kafka_produce"));
        Map<String, Object> quarters = (Map<String, Object>) result.get("place_order_per_s_by_quarter");
        row(table, "  in quarters of the window min/med/max", quarters.get("min") + " / " + quarters.get("median")
                + " / " + quarters.get("max"), "how steady the run was", "");
        ((Map<String, Object>) result.get("tool_latency")).forEach((tool, summary) -> {
            Map<String, Object> s = (Map<String, Object>) summary;
            row(table, tool + " p50 / p95 / p99 ms", s.get("p50_ms") + " / " + s.get("p95_ms") + " / " + s.get("p99_ms"),
                    "p99 target < 50 ms (" + s.get("count") + " calls)", "");
        });
        Map<String, Object> noopLatency = (Map<String, Object>) noop.get("latency");
        row(table, "  floor: noop tool p50 / p95 / p99 ms", noopLatency.get("p50_ms") + " / " + noopLatency.get("p95_ms")
                + " / " + noopLatency.get("p99_ms"), noop.get("calls_per_s") + " calls/s", "");
        Map<String, Object> commandSideLatency = (Map<String, Object>) commandSide.get("latency");
        row(table, "  floor: command side p50 / p95 / p99 ms", commandSideLatency.get("p50_ms") + " / "
                + commandSideLatency.get("p95_ms") + " / " + commandSideLatency.get("p99_ms"),
                "in-process, " + commandSide.get("threads") + " threads", "");
        row(table, "calls refused or failed", result.get("refused_or_failed_calls"), "(their latencies count too)", "");
        row(table, "audit freshness p50 / p99 ms", freshness.get("p50_ms") + " / " + freshness.get("p99_ms"),
                "p99 target < 250 ms (" + freshness.get("samples") + " orders)", "");
        row(table, "rebuild orders: events/s", rebuild.get("events_per_s"),
                "Kafka consume/s " + baselines.get("kafka_consume_per_s"), ratios.get("rebuild_vs_kafka_consume"));
        row(table, "rebuild orders: seconds (events)", rebuild.get("seconds") + " (" + rebuild.get("events") + ")", "",
                "");
        ((Map<String, Object>) result.get("peak_memory_mib")).forEach((process, mib) ->
                row(table, "peak memory MiB: " + process, mib, "", ""));
        Map<String, Object> noopCpu = (Map<String, Object>) noop.get("cpu_ms_per_call");
        Map<String, Object> orderCpu = (Map<String, Object>) commandSide.get("cpu_ms_per_order");
        Map<String, Object> idle = (Map<String, Object>) result.get("idle_cpu_ms_per_s");
        double callsPerSecond = ((Number) ((Map<String, Object>) ((List<Object>) result.get("sweep")).get(0))
                .get("calls_per_s")).doubleValue();
        table.append(String.format("%-38s %14s %-34s %8s%n", "CPU ms per call, by process", "tool call",
                "floors: noop tool / in-process order", "idle"));
        ((Map<String, Object>) result.get("cpu_ms_per_tool_call")).forEach((process, millis) ->
                row(table, "  " + process, millis, noopCpu.get(process) + " / " + orderCpu.get(process),
                        Latencies.round(((Number) idle.get(process)).doubleValue() / callsPerSecond)));
        row(table, "  of the system's: in JIT compilers", ((Map<String, Object>) ((List<Object>) result.get("sweep"))
                .get(0)).get("jit_cpu_ms_per_call"), "(no call's work: compiling)", "");
        row(table, "  of the edge's: in the outbox relay", ((Map<String, Object>) ((List<Object>) result.get("sweep"))
                .get(0)).get("relay_cpu_ms_per_call"), "(store to Kafka, after the call)", "");
        Map<String, Object> warmup = (Map<String, Object>) result.get("warmup");
        Object share = warmup.get("jit_share_of_system_cpu_last_slice");
        row(table, "warm-up s; JIT share of CPU at its end", warmup.get("seconds") + "; " + (share == null ? "?"
                        : String.format(java.util.Locale.ROOT, "%.1f %%", ((Number) share).doubleValue() * 100)),
                Boolean.TRUE.equals(warmup.get("settled")) ? "settled (at most " + Math.round(100
                        * ((Number) warmup.get("settled_at_most")).doubleValue()) + " %)" : "NOT settled: compiling",
                "");
        table.append("\nsweep (each level's own window; system CPU without the harness; target: none refused or failed)\n");
        table.append(String.format("%6s %10s %9s %-28s %-28s %8s %9s %8s %s%n", "agents", "orders/s", "calls/s",
                "p50 ms (each tool)", "p99 ms (each tool)", "refused", "CPU ms", "of it JIT", "CPU ms by quarter"));
        for (Map<String, Object> level : (Iterable<Map<String, Object>>) result.get("sweep")) {
            levelRow(table, level, "");
        }
        Map<String, Object> half = (Map<String, Object>) result.get("half_peak");
        levelRow(table, half, "  <- paced at half the peak: " + half.get("paced_calls_per_s")
                + " calls/s (p99 target < 50 ms)");
        table.append("\nPostgreSQL per call (commits, rows written), each level: ");
        for (Map<String, Object> level : (Iterable<Map<String, Object>>) result.get("sweep")) {
            table.append("\n  ").append(level.get("agents")).append(" agents: ").append(level.get("postgres_per_call"));
        }
        table.append("\n");
        return table.toString();
    }

    @SuppressWarnings("unchecked")
    private static void levelRow(StringBuilder table, Map<String, Object> level, String note) {
        Map<String, Object> cpu = (Map<String, Object>) level.get("cpu_ms_per_call");
        table.append(String.format("%6s %10s %9s %-28s %-28s %8s %9s %8s %s%s%n", level.get("agents"),
                level.get("place_order_per_s"), level.get("calls_per_s"), values(level.get("p50_ms")),
                values(level.get("p99_ms")), level.get("refused_or_failed_calls"), cpu.get(Benchmark.SYSTEM),
                level.get("jit_cpu_ms_per_call"), level.get("system_cpu_ms_per_call_by_quarter"), note));
    }

    @SuppressWarnings("unchecked")
    private static String values(Object byTool) {
        return String.join(" / ", ((Map<String, Object>) byTool).values().stream().map(String::valueOf).toList());
    }

    private static void row(StringBuilder table, String figure, Object value, String baseline, Object ratio) {
        table.append(String.format("%-38s %14s %-34s %8s%n", figure, value, baseline, ratio));
    }
}
