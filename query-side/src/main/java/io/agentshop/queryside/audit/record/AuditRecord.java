package io.agentshop.queryside.audit.record;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One line of the audit trail: who did what, for whom, under which authority, and whether it was allowed. One per
 * event and one per refused command, in one total order ({@code seq} 1, 2, 3…), each chained to the one before.
 *
 * @param action     the MCP tool that caused it ({@code actor.toolName}), else the event type
 * @param outcome    {@code accepted} for events, {@code refused} for {@code CommandRejected}
 * @param reasonCode why a command was refused ({@code payload.reason}), else {@code null}
 */
public record AuditRecord(long seq, String eventId, Instant occurredAt, Instant recordedAt, String userId,
                          String agentId, JsonNode actorChain, JsonNode actor, String action, String eventType,
                          String targetType, String targetId, String outcome, String reasonCode, String payloadDigest,
                          JsonNode envelope, String prevHash, String hash) {

    public static final String ACCEPTED = "accepted";
    public static final String REFUSED = "refused";
}
