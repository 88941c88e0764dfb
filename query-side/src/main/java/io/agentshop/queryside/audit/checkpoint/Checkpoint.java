package io.agentshop.queryside.audit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A signed statement "the audit trail's first {@code treeSize} records have the Merkle tree head {@code rootHash}".
 * Once a checkpoint is published, no earlier record can change without breaking its root or its signature.
 * <p>
 * Two forms of one statement: the first ({@link #signedMessage()}, signed into {@code signature} by the key with the
 * SPKI-hash id {@code keyId}), and since the audit trail is witnessed, the C2SP tlog-checkpoint signed note
 * {@code note} (origin, size, base64 root; the note signature names the key by name and note key id), which is what
 * witnesses cosign and outsiders verify. Checkpoints from before the note have none.
 *
 * @param rootHash  RFC 9162 MTH, lowercase hex
 * @param signature Ed25519 over {@link #signedMessage()}, base64
 * @param note      the signed note, or {@code null} for a checkpoint from before notes were written
 */
public record Checkpoint(long treeSize, String rootHash, Instant createdAt, String keyId, String signature,
                         String note) {

    /**
     * The signed bytes, UTF-8, each line ending in {@code \n}: {@code agentshop-audit-checkpoint/v1}, the tree size
     * (decimal), the root hash (lowercase hex), created_at (ISO-8601 UTC, microseconds), the key id.
     */
    public String signedMessage() {
        return message(treeSize, rootHash, createdAt, keyId);
    }

    public static String message(long treeSize, String rootHash, Instant createdAt, String keyId) {
        return "agentshop-audit-checkpoint/v1\n" + treeSize + "\n" + rootHash + "\n" + createdAt + "\n" + keyId + "\n";
    }

    public byte[] signedBytes() {
        return signedMessage().getBytes(StandardCharsets.UTF_8);
    }
}
