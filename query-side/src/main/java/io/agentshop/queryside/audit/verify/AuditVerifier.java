package io.agentshop.queryside.audit.verify;

import io.agentshop.queryside.audit.checkpoint.AuditSigningKey;
import io.agentshop.queryside.audit.checkpoint.Checkpoint;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.queryside.audit.merkle.MerkleRootAccumulator;
import io.agentshop.queryside.audit.merkle.MerkleTree;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecordFilter;
import io.agentshop.queryside.audit.record.AuditRecordHash;
import io.agentshop.queryside.audit.record.AuditRecords;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Recomputes the whole chain from seq 1 (streamed in pages, O(log n) memory for the tree) and every checkpoint's
 * root and signature, and names the first record that is wrong and how. The checkpoints are what catches a tamperer
 * who recomputed every hash after a change: the chain alone is not keyed, the signed roots are.
 */
public final class AuditVerifier {

    private static final HexFormat HEX = HexFormat.of();
    private static final int PAGE = 500;

    private final AuditRecords records;
    private final Checkpoints checkpoints;
    private final AuditSigningKey key;
    private final Clock clock;

    public AuditVerifier(AuditRecords records, Checkpoints checkpoints, AuditSigningKey key, Clock clock) {
        this.records = records;
        this.checkpoints = checkpoints;
        this.key = key;
        this.clock = clock;
    }

    public VerificationResult verify() {
        // Checkpoints first: one signed after this read covers records this pass may not see.
        List<Checkpoint> signed = checkpoints.all();
        List<VerificationResult.BadCheckpoint> badCheckpoints = new ArrayList<>();
        for (Checkpoint checkpoint : signed) {
            signatureProblem(checkpoint).ifPresent(detail ->
                    badCheckpoints.add(new VerificationResult.BadCheckpoint(checkpoint.treeSize(), detail)));
        }
        MerkleRootAccumulator tree = new MerkleRootAccumulator();
        VerificationResult.BadRecord first = null;
        AuditRecord previous = null;
        int next = 0;
        long after = 0;
        List<AuditRecord> page;
        do {
            page = records.page(AuditRecordFilter.ALL, after, PAGE);
            for (AuditRecord record : page) {
                if (first == null) {
                    first = problemWith(record, previous);
                }
                tree.add(MerkleTree.leafHash(HEX.parseHex(record.hash())));
                while (next < signed.size() && signed.get(next).treeSize() <= tree.size()) {
                    Checkpoint checkpoint = signed.get(next++);
                    if (checkpoint.treeSize() == tree.size()
                            && !Arrays.equals(tree.root(), HEX.parseHex(checkpoint.rootHash()))) {
                        badCheckpoints.add(new VerificationResult.BadCheckpoint(checkpoint.treeSize(),
                                "the records' tree head " + HEX.formatHex(tree.root()) + " is not the signed root "
                                        + checkpoint.rootHash()));
                    }
                }
                previous = record;
                after = record.seq();
            }
        } while (page.size() == PAGE);
        for (Checkpoint beyond : signed.subList(next, signed.size())) {
            badCheckpoints.add(new VerificationResult.BadCheckpoint(beyond.treeSize(), "signed for "
                    + beyond.treeSize() + " records, but the log holds only " + tree.size()));
            if (first == null) {
                first = new VerificationResult.BadRecord(tree.size() + 1, Tampering.REMOVED, "checkpoint "
                        + beyond.treeSize() + " was signed over records up to seq " + beyond.treeSize()
                        + ", the log ends at seq " + after);
            }
        }
        badCheckpoints.sort((a, b) -> Long.compare(a.treeSize(), b.treeSize()));
        return new VerificationResult(first == null && badCheckpoints.isEmpty(), tree.size(), signed.size(),
                clock.instant(), first, List.copyOf(badCheckpoints));
    }

    private VerificationResult.BadRecord problemWith(AuditRecord record, AuditRecord previous) {
        long expectedSeq = previous == null ? 1 : previous.seq() + 1;
        if (record.seq() != expectedSeq) {
            return new VerificationResult.BadRecord(expectedSeq, Tampering.REMOVED, record.seq() > expectedSeq
                    ? "seq " + expectedSeq + (record.seq() - 1 > expectedSeq ? ".." + (record.seq() - 1) : "")
                    + " missing: the next record present is seq " + record.seq()
                    : "seq " + record.seq() + " where seq " + expectedSeq + " was expected");
        }
        String expectedPrev = previous == null ? AuditRecordHash.GENESIS : previous.hash();
        boolean hashes = AuditRecordHash.of(record).equals(record.hash());
        if (!record.prevHash().equals(expectedPrev)) {
            Optional<Long> linkedTo = records.seqWithHash(record.prevHash());
            if (linkedTo.isPresent() && linkedTo.get() == record.seq() - 2) {
                return new VerificationResult.BadRecord(record.seq() - 1, Tampering.INSERTED, "seq "
                        + (record.seq() - 1) + " is not part of the chain: seq " + record.seq()
                        + " links straight to seq " + (record.seq() - 2));
            }
            if (linkedTo.isPresent()) {
                return new VerificationResult.BadRecord(record.seq(), Tampering.REORDERED, "seq " + record.seq()
                        + " holds the record that follows seq " + linkedTo.get() + " (its prev_hash is that record's hash)");
            }
            if (record.prevHash().equals(AuditRecordHash.GENESIS)) {
                return new VerificationResult.BadRecord(record.seq(), Tampering.REORDERED, "seq " + record.seq()
                        + " holds the first record of the log");
            }
            if (!hashes) {
                return new VerificationResult.BadRecord(record.seq(), Tampering.CHANGED, "its prev_hash was changed:"
                        + " it is not the hash of seq " + (record.seq() - 1) + " and its fields do not give its hash");
            }
            return new VerificationResult.BadRecord(record.seq() - 1, Tampering.REMOVED, "seq " + record.seq()
                    + " links to a record that is not in the log: the record before it was removed");
        }
        if (!hashes) {
            return new VerificationResult.BadRecord(record.seq(), Tampering.CHANGED, "its fields hash to "
                    + AuditRecordHash.of(record) + ", not to its stored hash " + record.hash());
        }
        return null;
    }

    private Optional<String> signatureProblem(Checkpoint checkpoint) {
        if (!key.keyId().equals(checkpoint.keyId())) {
            return Optional.of("signed by key " + checkpoint.keyId() + ", not by this store's key " + key.keyId());
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(checkpoint.signature());
        } catch (IllegalArgumentException e) {
            return Optional.of("the signature is not base64");
        }
        return key.verify(checkpoint.signedBytes(), signature) ? Optional.empty()
                : Optional.of("the Ed25519 signature does not verify");
    }
}
