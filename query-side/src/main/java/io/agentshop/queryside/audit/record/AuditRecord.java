package io.agentshop.queryside.audit.record;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One line of the audit trail: who did what, for whom, under which authority, and whether it was allowed. One per
 * event and one per refused command, in one total order ({@code seq} 1, 2, 3…), each chained to the one before.
 *
 * @param action        the MCP tool that caused it ({@code actor.toolName}), else the event type
 * @param outcome       {@code accepted} for events, {@code refused} for {@code CommandRejected}, {@code unreadable}
 *                      for a Kafka record that is no envelope at all
 * @param reasonCode    why a command was refused ({@code payload.reason}), else {@code null}
 * @param envelope      the envelope as searchable JSON: every text {@link io.agentshop.queryside.events.Storable}
 * @param format        how the record is hashed ({@link AuditRecordHash}): 1 without the exact bytes (records
 *                      appended before they were kept), 2 with them
 * @param envelopeBytes the Kafka record's value exactly as it arrived (format 2), whatever it holds
 */
public record AuditRecord(long seq, String eventId, Instant occurredAt, Instant recordedAt, String userId,
                          String agentId, JsonNode actorChain, JsonNode actor, String action, String eventType,
                          String targetType, String targetId, String outcome, String reasonCode, String payloadDigest,
                          JsonNode envelope, String prevHash, String hash, int format, byte[] envelopeBytes) {

    public static final String ACCEPTED = "accepted";
    public static final String REFUSED = "refused";
    public static final String UNREADABLE = "unreadable";
    /** The format every record is appended in now. */
    public static final int CURRENT_FORMAT = 2;

    /** Equal when every field is, the exact bytes compared by content (a record's own equals would compare arrays). */
    @Override
    public boolean equals(Object other) {
        return other instanceof AuditRecord that && seq == that.seq && format == that.format
                && Objects.equals(withoutBytes(), that.withoutBytes())
                && Arrays.equals(envelopeBytes, that.envelopeBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(withoutBytes(), Arrays.hashCode(envelopeBytes));
    }

    @Override
    public String toString() {
        return withoutBytes() + "+" + (envelopeBytes == null ? "no exact bytes" : envelopeBytes.length + " exact bytes");
    }

    private List<Object> withoutBytes() {
        return Arrays.asList(seq, eventId, occurredAt, recordedAt, userId, agentId, actorChain, actor, action, eventType,
                targetType, targetId, outcome, reasonCode, payloadDigest, envelope, prevHash, hash, format);
    }

    /** The same record with its chain hash set. */
    public AuditRecord withHash(String chainHash) {
        return new AuditRecord(seq, eventId, occurredAt, recordedAt, userId, agentId, actorChain, actor, action,
                eventType, targetType, targetId, outcome, reasonCode, payloadDigest, envelope, prevHash, chainHash,
                format, envelopeBytes);
    }
}
