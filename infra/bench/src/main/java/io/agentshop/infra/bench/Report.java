package io.agentshop.infra.bench;

import java.util.Map;

/** The figures as a table: each beside its baseline or target, and the ratio. */
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
        row(table, "place_order per second", result.get("place_order_per_s"),
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
        row(table, "calls refused or failed", result.get("refused_or_failed_calls"), "(their latencies count too)", "");
        row(table, "audit freshness p50 / p99 ms", freshness.get("p50_ms") + " / " + freshness.get("p99_ms"),
                "p99 target < 250 ms (" + freshness.get("samples") + " orders)", "");
        row(table, "rebuild orders: events/s", rebuild.get("events_per_s"),
                "Kafka consume/s " + baselines.get("kafka_consume_per_s"), ratios.get("rebuild_vs_kafka_consume"));
        row(table, "rebuild orders: seconds (events)", rebuild.get("seconds") + " (" + rebuild.get("events") + ")", "",
                "");
        ((Map<String, Object>) result.get("peak_memory_mib")).forEach((process, mib) ->
                row(table, "peak memory MiB: " + process, mib, "", ""));
        ((Map<String, Object>) result.get("cpu_ms_per_tool_call")).forEach((process, millis) ->
                row(table, "CPU ms per tool call: " + process, millis, "", ""));
        return table.toString();
    }

    private static void row(StringBuilder table, String figure, Object value, String baseline, Object ratio) {
        table.append(String.format("%-38s %14s %-34s %8s%n", figure, value, baseline, ratio));
    }
}
