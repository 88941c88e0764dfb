package io.agentshop.queryside.audit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A signed statement "the audit trail's first {@code treeSize} records have the Merkle tree head {@code rootHash}".
 * Once a checkpoint is published, no earlier record can change without breaking its root or its signature.
 *
 * @param rootHash  RFC 9162 MTH, lowercase hex
 * @param signature Ed25519 over {@link #signedMessage()}, base64
 */
public record Checkpoint(long treeSize, String rootHash, Instant createdAt, String keyId, String signature) {

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
