package io.agentshop.queryside.audit.record;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** How an {@link AuditRecord} is written to and read from {@code audit_records}. */
public final class AuditRecordRows {

    public static final String COLUMNS = "seq, event_id, occurred_at, recorded_at, user_id, agent_id, actor_chain,"
            + " actor, action, event_type, target_type, target_id, outcome, reason_code, payload_digest, envelope,"
            + " prev_hash, hash, format, envelope_bytes";

    public static final RowMapper<AuditRecord> MAPPER = AuditRecordRows::map;

    private AuditRecordRows() {
    }

    public static void insert(JdbcTemplate tx, AuditRecord record) {
        insertAll(tx, List.of(record));
    }

    /** The records in one batched statement, in their order. */
    public static void insertAll(JdbcTemplate tx, List<AuditRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        tx.batchUpdate("INSERT INTO audit_records (" + COLUMNS + ") VALUES"
                        + " (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)",
                records.stream().map(r -> new Object[] {r.seq(), r.eventId(), timestamp(r.occurredAt()),
                        timestamp(r.recordedAt()), r.userId(), r.agentId(), json(r.actorChain()), json(r.actor()),
                        r.action(), r.eventType(), r.targetType(), r.targetId(), r.outcome(), r.reasonCode(),
                        r.payloadDigest(), json(r.envelope()), r.prevHash(), r.hash(), r.format(),
                        r.envelopeBytes()}).toList());
    }

    private static AuditRecord map(ResultSet rs, int row) throws SQLException {
        return new AuditRecord(rs.getLong("seq"), rs.getString("event_id"), instant(rs, "occurred_at"),
                instant(rs, "recorded_at"), rs.getString("user_id"), rs.getString("agent_id"),
                jsonNode(rs.getString("actor_chain")), jsonNode(rs.getString("actor")), rs.getString("action"),
                rs.getString("event_type"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getString("outcome"), rs.getString("reason_code"), rs.getString("payload_digest"),
                jsonNode(rs.getString("envelope")), rs.getString("prev_hash"), rs.getString("hash"), rs.getInt("format"),
                rs.getBytes("envelope_bytes"));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String json(JsonNode node) {
        return node == null ? null : CanonicalJson.write(node);
    }

    private static JsonNode jsonNode(String json) {
        return json == null ? null : CanonicalJson.read(json);
    }
}
