package io.agentshop.queryside.audit.proof;

import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecordHash;
import io.agentshop.tlog.AuditLeaf;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * How a record becomes a leaf of the audit log ({@link AuditLeaf}): its {@code prev_hash} followed by its canonical
 * bytes ({@link AuditRecordHash}), the {@code extra} line of its proof.
 */
public final class RecordLeaf {

    private RecordLeaf() {
    }

    public static byte[] extra(AuditRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HexFormat.of().parseHex(record.prevHash()));
        out.writeBytes(AuditRecordHash.canonicalBytes(record));
        return out.toByteArray();
    }
}
