package io.agentshop.queryside.audit.api;

import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecordFilter;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns the query parameters into a filter, refusing what cannot mean anything with a clear reason. */
final class AuditQuery {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Set<String> OUTCOMES = Set.of(AuditRecord.ACCEPTED, AuditRecord.REFUSED);
    /** A W3C Trace Context trace id as the edge writes it into the actor: 32 lowercase hex digits. */
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    private AuditQuery() {
    }

    static AuditRecordFilter filter(String user, String agent, String action, String outcome, String reason,
                                    String targetType, String targetId, String traceId, String from, String to) {
        if (outcome != null && !outcome.isEmpty() && !OUTCOMES.contains(outcome)) {
            throw new BadAuditRequest("outcome must be 'accepted' or 'refused', not '" + outcome + "'");
        }
        if (traceId != null && !traceId.isEmpty() && !TRACE_ID.matcher(traceId).matches()) {
            throw new BadAuditRequest("traceId must be a W3C trace id, 32 lowercase hex digits, not '"
                    + shortened(traceId) + "'");
        }
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw new BadAuditRequest("from (" + from + ") must be before to (" + to + ")");
        }
        return new AuditRecordFilter(user, agent, action, outcome, reason, targetType, targetId, traceId, fromInstant,
                toInstant);
    }

    /** An echo of bad input, bounded: a problem detail is no place for a megabyte of it. */
    private static String shortened(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }

    static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new BadAuditRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + limit + "'");
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadAuditRequest(name + " must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, not '"
                    + value + "'");
        }
    }
}
