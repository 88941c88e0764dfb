package io.agentshop.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How an Agent Shop audit record is a leaf of its log, as a proof's {@code extra} line carries it: the record's
 * {@code prev_hash} (32 bytes) followed by its canonical bytes (each field as a 4-byte big-endian length, -1 for
 * null, then its UTF-8 bytes, in {@link #FIELDS} order); the record's chain hash is SHA-256 of that, and the Merkle
 * leaf is the RFC 6962 leaf hash of the chain hash. So anyone holding a proof recomputes the leaf from the record
 * itself, with nothing of ours but this paragraph.
 */
public final class AuditLeaf {

    /** The canonical fields in order (format 2 adds the envelope's exact bytes). */
    public static final List<String> FIELDS = List.of("seq", "event_id", "occurred_at", "recorded_at", "user_id",
            "agent_id", "actor_chain", "actor", "action", "event_type", "target_type", "target_id", "outcome",
            "reason_code", "payload_digest", "envelope", "envelope_bytes");

    private AuditLeaf() {
    }

    public static byte[] chainHash(byte[] extra) {
        return MerkleTree.sha256().digest(extra);
    }

    public static byte[] leafHash(byte[] extra) {
        return MerkleTree.leafHash(chainHash(extra));
    }

    /** The record's fields as name=value lines, read back from the extra data (exact bytes shown by length). */
    public static List<String> describe(byte[] extra) {
        List<String> lines = new ArrayList<>();
        if (extra.length < 32) {
            throw new IllegalArgumentException("the extra data is shorter than a prev_hash");
        }
        lines.add("prev_hash=" + HexFormat.of().formatHex(extra, 0, 32));
        ByteBuffer fields = ByteBuffer.wrap(extra, 32, extra.length - 32);
        for (int i = 0; fields.hasRemaining(); i++) {
            if (fields.remaining() < 4 || i >= FIELDS.size()) {
                throw new IllegalArgumentException("the extra data is not a record's canonical bytes");
            }
            int length = fields.getInt();
            String name = FIELDS.get(i);
            if (length == -1) {
                lines.add(name + "=null");
                continue;
            }
            if (length < 0 || length > fields.remaining()) {
                throw new IllegalArgumentException("the extra data is not a record's canonical bytes");
            }
            byte[] value = new byte[length];
            fields.get(value);
            lines.add(name.equals("envelope_bytes") ? name + "=" + length + " bytes"
                    : name + "=" + new String(value, StandardCharsets.UTF_8));
        }
        return lines;
    }
}
