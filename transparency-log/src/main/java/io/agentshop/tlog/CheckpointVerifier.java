package io.agentshop.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * Trusts a checkpoint only as far as its keys allow: signed by one of the log's keys for its origin, and cosigned by
 * at least {@code quorum} of the trusted witnesses. Keys come from the verifier's configuration, never from the log.
 */
public final class CheckpointVerifier {

    private final String origin;
    private final List<NoteKey> logKeys;
    private final List<NoteKey> witnessKeys;
    private final int quorum;

    public CheckpointVerifier(String origin, List<NoteKey> logKeys, List<NoteKey> witnessKeys, int quorum) {
        if (logKeys.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint can only be trusted with the log's public key");
        }
        for (NoteKey key : logKeys) {
            if (key.type() != NoteKey.ED25519 || !key.name().equals(origin)) {
                throw new IllegalArgumentException("log key " + key.name() + " is not an Ed25519 note key named for"
                        + " the origin " + origin);
            }
        }
        for (NoteKey key : witnessKeys) {
            if (key.type() != NoteKey.COSIGNATURE_ED25519) {
                throw new IllegalArgumentException("witness key " + key.name() + " is not an Ed25519 cosignature key");
            }
        }
        if (quorum < 0 || quorum > witnessKeys.size()) {
            throw new IllegalArgumentException("a quorum of " + quorum + " out of " + witnessKeys.size() + " witnesses");
        }
        this.origin = origin;
        this.logKeys = List.copyOf(logKeys);
        this.witnessKeys = List.copyOf(witnessKeys);
        this.quorum = quorum;
    }

    public record Verified(TreeHead head, List<NoteKey> signedBy, List<NoteKey> cosignedBy) {
    }

    /** @throws IllegalArgumentException (or {@link SignedNote.NoteNotVerified}) naming what does not hold */
    public Verified verify(SignedNote checkpoint) {
        TreeHead head = TreeHead.parse(checkpoint.text());
        if (!head.origin().equals(origin)) {
            throw new SignedNote.NoteNotVerified("the checkpoint is of log " + head.origin() + ", not of " + origin);
        }
        List<NoteKey> signedBy = checkpoint.verifiedBy(logKeys);
        List<NoteKey> cosignedBy = new ArrayList<>();
        if (!witnessKeys.isEmpty()) {
            try {
                cosignedBy.addAll(checkpoint.verifiedBy(witnessKeys));
            } catch (SignedNote.NoteNotVerified none) {
                if (quorum > 0) {
                    throw new SignedNote.NoteNotVerified("not cosigned by a trusted witness: " + none.getMessage());
                }
            }
        }
        if (cosignedBy.size() < quorum) {
            throw new SignedNote.NoteNotVerified("cosigned by " + cosignedBy.size() + " trusted witnesses, "
                    + quorum + " needed");
        }
        return new Verified(head, signedBy, cosignedBy);
    }

    /** Verifies the proof's checkpoint and that {@code leafHash} is its entry at the proof's index. */
    public Verified verify(TlogProof proof, byte[] leafHash) {
        Verified verified = verify(proof.checkpoint());
        if (!MerkleTree.verifyInclusion(leafHash, proof.index(), verified.head().size(), proof.path(),
                verified.head().rootHash())) {
            throw new SignedNote.NoteNotVerified("the inclusion proof of index " + proof.index()
                    + " does not lead to the root of the checkpoint of size " + verified.head().size());
        }
        return verified;
    }

    public String origin() {
        return origin;
    }
}
