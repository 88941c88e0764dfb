package io.agentshop.queryside.audit.record;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The one definition of a record's canonical bytes and chain hash (documented in query-side/README.md, "Audit store"):
 * {@code hash = SHA-256(prev_hash || canonical bytes)}, where {@code prev_hash} is the previous record's 32-byte hash
 * (32 zero bytes before record 1) and the canonical bytes are every other field, in this order, each as a 4-byte
 * big-endian length followed by its UTF-8 text, or the length {@code 0xFFFFFFFF} and nothing for SQL NULL:
 * seq (decimal), event_id, occurred_at, recorded_at (ISO-8601 UTC as {@link Instant#toString()}, microseconds),
 * user_id, agent_id, actor_chain, actor (canonical JSON), action, event_type, target_type, target_id, outcome,
 * reason_code, payload_digest, envelope (canonical JSON). Length prefixes make field boundaries unambiguous.
 * <p>
 * Format 2 (every record appended since the audit store keeps the exact bytes) appends one more field: the Kafka
 * record's value exactly as it arrived ({@code envelope_bytes}), as its length and its bytes. So the searchable
 * columns, which hold text PostgreSQL can store, and the exact bytes are both under the chain; a format changed in
 * either direction no longer matches the hash.
 */
public final class AuditRecordHash {

    /** The {@code prev_hash} of record 1. */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private AuditRecordHash() {
    }

    /** The chain hash the record's fields and {@code prev_hash} give (lowercase hex). */
    public static String of(AuditRecord record) {
        MessageDigest sha = sha256();
        sha.update(HEX.parseHex(record.prevHash()));
        sha.update(canonicalBytes(record));
        return HEX.formatHex(sha.digest());
    }

    public static byte[] canonicalBytes(AuditRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        field(out, Long.toString(record.seq()));
        field(out, record.eventId());
        field(out, instant(record.occurredAt()));
        field(out, instant(record.recordedAt()));
        field(out, record.userId());
        field(out, record.agentId());
        field(out, record.actorChain() == null ? null : CanonicalJson.write(record.actorChain()));
        field(out, record.actor() == null ? null : CanonicalJson.write(record.actor()));
        field(out, record.action());
        field(out, record.eventType());
        field(out, record.targetType());
        field(out, record.targetId());
        field(out, record.outcome());
        field(out, record.reasonCode());
        field(out, record.payloadDigest());
        field(out, record.envelope() == null ? null : CanonicalJson.write(record.envelope()));
        if (record.format() >= 2) {
            field(out, record.envelopeBytes());
        }
        return out.toByteArray();
    }

    /** SHA-256 hex of a canonical JSON text: the payload digest. */
    public static String digest(String canonicalJson) {
        return HEX.formatHex(sha256().digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
    }

    /** Timestamps are kept at PostgreSQL's precision, so what is hashed is what is stored. */
    public static Instant storable(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static String instant(Instant instant) {
        return instant == null ? null : storable(instant).toString();
    }

    private static void field(ByteArrayOutputStream out, String value) {
        field(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        if (bytes == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
