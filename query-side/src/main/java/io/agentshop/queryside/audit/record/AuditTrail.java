package io.agentshop.queryside.audit.record;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.queryside.consumer.Projection;
import io.agentshop.queryside.events.Envelope;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.util.List;

/**
 * The audit store's projection: every event and every refused command becomes the next record of one hash chain.
 * Runs inside the consumer's transaction, so the record, the offset and the applied event id commit together.
 */
public final class AuditTrail implements Projection {

    /**
     * The advisory lock every appender takes first: query-side nodes consume different partitions at once, and the
     * chain needs one total order. Held until the consumer's transaction commits, so records commit in seq order.
     */
    public static final long APPEND_LOCK = 0x41554449545F4C4FL; // "AUDIT_LO"

    static final String REJECTED = "CommandRejected";

    private final Clock clock;

    public AuditTrail(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "audit-store";
    }

    /** The audit trail never skips an event: one it cannot record stops its partition until it can. */
    @Override
    public boolean mayDeadLetter() {
        return false;
    }

    @Override
    public Outcome apply(Envelope envelope, JdbcTemplate tx) {
        tx.query("SELECT pg_advisory_xact_lock(?)", rs -> null, APPEND_LOCK);
        if (!tx.queryForList("SELECT 1 FROM audit_records WHERE event_id = ?", Integer.class, envelope.eventId())
                .isEmpty()) {
            return Outcome.NOT_RELEVANT;
        }
        List<Object[]> last = tx.query("SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1",
                (rs, i) -> new Object[]{rs.getLong(1), rs.getString(2)});
        long seq = last.isEmpty() ? 1 : (long) last.get(0)[0] + 1;
        String prevHash = last.isEmpty() ? AuditRecordHash.GENESIS : (String) last.get(0)[1];
        AuditRecord record = recordOf(envelope, seq, prevHash);
        AuditRecordRows.insert(tx, record);
        return Outcome.APPLIED;
    }

    /** Every type is recorded, also ones this reader does not know: an auditor must see every attempt. */
    AuditRecord recordOf(Envelope envelope, long seq, String prevHash) {
        JsonNode whole = CanonicalJson.read(envelope.raw());
        JsonNode payload = whole.path("payload");
        JsonNode actor = whole.path("actor").isObject() ? whole.get("actor") : null;
        boolean refused = REJECTED.equals(envelope.type());
        String toolName = actor == null ? null : text(actor, "toolName");
        String targetType = envelope.aggregateType();
        String targetId = envelope.aggregateId();
        if (refused) {
            targetType = firstNonNull(text(payload, "targetType"), targetType);
            targetId = firstNonNull(text(payload, "targetId"), targetId);
        }
        AuditRecord unhashed = new AuditRecord(seq, envelope.eventId(),
                AuditRecordHash.storable(envelope.occurredAt()), AuditRecordHash.storable(clock.instant()),
                envelope.userId(), envelope.agentId(),
                actor != null && actor.has("actorChain") && !actor.get("actorChain").isNull()
                        ? actor.get("actorChain") : null,
                actor, toolName == null || toolName.isBlank() ? envelope.type() : toolName, envelope.type(),
                targetType, targetId, refused ? AuditRecord.REFUSED : AuditRecord.ACCEPTED,
                refused ? text(payload, "reason") : null,
                AuditRecordHash.digest(CanonicalJson.write(payload)), whole, prevHash, null);
        return withHash(unhashed);
    }

    static AuditRecord withHash(AuditRecord r) {
        return new AuditRecord(r.seq(), r.eventId(), r.occurredAt(), r.recordedAt(), r.userId(), r.agentId(),
                r.actorChain(), r.actor(), r.action(), r.eventType(), r.targetType(), r.targetId(), r.outcome(),
                r.reasonCode(), r.payloadDigest(), r.envelope(), r.prevHash(), AuditRecordHash.of(r));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
