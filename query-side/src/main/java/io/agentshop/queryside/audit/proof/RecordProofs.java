package io.agentshop.queryside.audit.proof;

import io.agentshop.queryside.audit.checkpoint.Checkpoint;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecords;
import io.agentshop.queryside.audit.witness.WitnessClient;
import io.agentshop.tlog.MerkleTree;
import io.agentshop.tlog.SignedNote;
import io.agentshop.tlog.TlogProof;
import io.agentshop.tlog.TreeHead;

import java.util.List;
import java.util.Optional;

/**
 * Evidence for one record that a third party can check offline (C2SP tlog-proof): the record in the extra line, its
 * index (seq − 1), its inclusion path, and a checkpoint that covers it — the witness's latest cosigned one when it
 * does (so the proof carries the witness's cosignature), else the newest one the log signed.
 */
public final class RecordProofs {

    private final AuditRecords records;
    private final Checkpoints checkpoints;
    private final Optional<WitnessClient> witness;
    private final String origin;

    public RecordProofs(AuditRecords records, Checkpoints checkpoints, Optional<WitnessClient> witness, String origin) {
        this.records = records;
        this.checkpoints = checkpoints;
        this.witness = witness;
        this.origin = origin;
    }

    /** @throws NoSuchRecord when there is no such record or no checkpoint covers it yet */
    public TlogProof proof(long seq) {
        AuditRecord record = records.bySeq(seq).orElseThrow(() -> new NoSuchRecord("there is no audit record with seq "
                + seq));
        SignedNote checkpoint = covering(seq).orElseThrow(() -> new NoSuchRecord("no checkpoint covers record " + seq
                + " yet; it is covered by the next one"));
        TreeHead head = TreeHead.parse(checkpoint.text());
        List<byte[]> leaves = records.leafHashes(head.size());
        if (leaves.size() != head.size()) {
            throw new IllegalStateException("the checkpoint covers " + head.size() + " records but only "
                    + leaves.size() + " are stored; see GET /audit/verify");
        }
        return new TlogProof(RecordLeaf.extra(record), seq - 1, MerkleTree.inclusionProof(leaves, seq - 1, head.size()),
                checkpoint);
    }

    /**
     * The newest checkpoint as a signed note: with the witness's cosignature when the witness has cosigned that very
     * checkpoint, else as the log signed it.
     */
    public Optional<SignedNote> newestCheckpoint() {
        Optional<SignedNote> own = checkpoints.latestWithNote().map(Checkpoint::note).map(SignedNote::parse);
        try {
            Optional<SignedNote> witnessed = witness.flatMap(client -> client.latest(origin));
            if (own.isPresent() && witnessed.isPresent() && witnessed.get().text().equals(own.get().text())) {
                return witnessed;
            }
        } catch (WitnessClient.WitnessUnreachable unreachable) {
            // The log's own signature is still worth publishing.
        }
        return own;
    }

    private Optional<SignedNote> covering(long seq) {
        try {
            Optional<SignedNote> witnessed = witness.flatMap(client -> client.latest(origin));
            if (witnessed.isPresent() && TreeHead.parse(witnessed.get().text()).size() >= seq) {
                return witnessed;
            }
        } catch (WitnessClient.WitnessUnreachable unreachable) {
            // The log's own checkpoint still proves inclusion; the proof then carries no cosignature, and says so.
        }
        return checkpoints.latestWithNote().filter(c -> c.treeSize() >= seq).map(Checkpoint::note)
                .map(SignedNote::parse);
    }

    public static final class NoSuchRecord extends RuntimeException {
        public NoSuchRecord(String message) {
            super(message);
        }
    }
}
