package io.agentshop.queryside.audit.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an auditor asks for; every field is optional and they combine with AND. {@code from} is inclusive and
 * {@code to} exclusive, both on {@code occurred_at}.
 *
 * @param traceId the W3C trace id in the record's actor ({@code actor.traceId}, the envelope's own, which is the
 *                source of truth), exact match
 */
public record AuditRecordFilter(String user, String agent, String action, String outcome, String reason,
                                String targetType, String targetId, String traceId, Instant from, Instant to) {

    public static final AuditRecordFilter ALL = new AuditRecordFilter(null, null, null, null, null, null, null, null,
            null, null);

    /** Every record for one user. */
    public static AuditRecordFilter ofUser(String user) {
        return new AuditRecordFilter(user, null, null, null, null, null, null, null, null, null);
    }

    /** The WHERE conditions (each followed by its bind value in {@code args}) for records after {@code afterSeq}. */
    String where(long afterSeq, List<Object> args) {
        List<String> conditions = new ArrayList<>();
        conditions.add("seq > ?");
        args.add(afterSeq);
        equal(conditions, args, "user_id", user);
        equal(conditions, args, "agent_id", agent);
        equal(conditions, args, "action", action);
        equal(conditions, args, "outcome", outcome);
        equal(conditions, args, "reason_code", reason);
        equal(conditions, args, "target_type", targetType);
        equal(conditions, args, "target_id", targetId);
        // Spelled as the index audit_records_trace is (V5__audit_records_trace.sql), so the planner uses it.
        equal(conditions, args, "(actor ->> 'traceId')", traceId);
        if (from != null) {
            conditions.add("occurred_at >= ?");
            args.add(java.time.OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
        }
        if (to != null) {
            conditions.add("occurred_at < ?");
            args.add(java.time.OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC));
        }
        return String.join(" AND ", conditions);
    }

    private static void equal(List<String> conditions, List<Object> args, String column, String value) {
        if (value != null && !value.isEmpty()) {
            conditions.add(column + " = ?");
            args.add(value);
        }
    }
}
