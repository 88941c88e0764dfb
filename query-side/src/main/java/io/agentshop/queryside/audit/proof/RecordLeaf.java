package io.agentshop.queryside.audit.proof;

import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecordHash;
import io.agentshop.tlog.MerkleTree;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How a record becomes a leaf of the audit log, for a proof's {@code extra} line: the extra data is the record's
 * {@code prev_hash} (32 bytes) followed by its canonical bytes ({@link AuditRecordHash}); the record's chain hash is
 * SHA-256 of that, and the Merkle leaf is the RFC 6962 leaf hash of the chain hash. So anyone holding a proof
 * recomputes the leaf from the record itself, with nothing of ours but this paragraph.
 */
public final class RecordLeaf {

    /** The canonical fields in order (format 2 adds the envelope's exact bytes), for showing a proven record. */
    static final List<String> FIELDS = List.of("seq", "event_id", "occurred_at", "recorded_at", "user_id", "agent_id",
            "actor_chain", "actor", "action", "event_type", "target_type", "target_id", "outcome", "reason_code",
            "payload_digest", "envelope", "envelope_bytes");

    private RecordLeaf() {
    }

    public static byte[] extra(AuditRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HexFormat.of().parseHex(record.prevHash()));
        out.writeBytes(AuditRecordHash.canonicalBytes(record));
        return out.toByteArray();
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
