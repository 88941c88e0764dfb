package io.agentshop.queryside.audit.api;

import io.agentshop.queryside.audit.checkpoint.Checkpoint;

import java.time.Instant;

/**
 * A checkpoint as the API shows it: with the exact text that was signed, so a client need not rebuild it, and its
 * C2SP signed note ({@code null} for checkpoints signed before notes were written).
 */
record SignedCheckpoint(long treeSize, String rootHash, Instant createdAt, String keyId, String signature,
                        String signedMessage, String note) {

    static SignedCheckpoint of(Checkpoint c) {
        return new SignedCheckpoint(c.treeSize(), c.rootHash(), c.createdAt(), c.keyId(), c.signature(),
                c.signedMessage(), c.note());
    }
}
