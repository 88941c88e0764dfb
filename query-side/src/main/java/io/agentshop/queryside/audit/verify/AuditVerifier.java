package io.agentshop.queryside.audit.verify;

import io.agentshop.queryside.audit.checkpoint.Checkpoint;
import io.agentshop.queryside.audit.checkpoint.LogKeys;
import io.agentshop.queryside.audit.witness.WitnessAnchor;
import io.agentshop.queryside.audit.witness.WitnessClient;
import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.tlog.SignedNote;
import io.agentshop.tlog.TreeHead;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.tlog.MerkleRootAccumulator;
import io.agentshop.tlog.MerkleTree;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecordFilter;
import io.agentshop.queryside.audit.record.AuditRecordHash;
import io.agentshop.queryside.audit.record.AuditRecords;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Recomputes the whole chain from seq 1 (streamed in pages, O(log n) memory for the tree) and every checkpoint's
 * root and signature, compares the records with the latest checkpoint the witness cosigned, reads the store's guards,
 * and names the first record that is wrong and how. It trusts nothing the database says about itself: the log's
 * public keys and the witness's come from configuration, the private key is never needed, and a history re-signed
 * with a copied key or cut short after its last checkpoint shows against what the witness cosigned.
 */
public final class AuditVerifier {

    private static final HexFormat HEX = HexFormat.of();
    private static final int PAGE = 500;

    private final AuditRecords records;
    private final Checkpoints checkpoints;
    private final LogKeys logKeys;
    private final Optional<WitnessAnchor> witness;
    private final StoreGuards guards;
    private final Duration maxWitnessLag;
    private final Clock clock;

    /**
     * @param maxWitnessLag how long a checkpoint may wait for the witness's cosignature before the trail is not
     *                      intact: records only the log vouches for are records its operators could still rewrite
     */
    public AuditVerifier(AuditRecords records, Checkpoints checkpoints, LogKeys logKeys, Optional<WitnessAnchor> witness,
                         StoreGuards guards, Duration maxWitnessLag, Clock clock) {
        this.records = records;
        this.checkpoints = checkpoints;
        this.logKeys = logKeys;
        this.witness = witness;
        this.guards = guards;
        this.maxWitnessLag = maxWitnessLag;
        this.clock = clock;
    }

    public VerificationResult verify() {
        // The witness first, then the checkpoints: what they vouch for was stored before this pass reads it.
        WitnessReading witnessed = readWitness();
        List<Checkpoint> signed = checkpoints.all();
        List<VerificationResult.BadCheckpoint> badCheckpoints = new ArrayList<>();
        for (Checkpoint checkpoint : signed) {
            signatureProblem(checkpoint).ifPresent(detail ->
                    badCheckpoints.add(new VerificationResult.BadCheckpoint(checkpoint.treeSize(), detail)));
        }
        MerkleRootAccumulator tree = new MerkleRootAccumulator();
        byte[] rootAtWitnessedSize = null;
        VerificationResult.BadRecord first = null;
        AuditRecord previous = null;
        boolean sawExactBytes = false;
        int next = 0;
        long after = 0;
        List<AuditRecord> page;
        do {
            page = records.page(AuditRecordFilter.ALL, after, PAGE);
            for (AuditRecord record : page) {
                if (first == null) {
                    first = problemWith(record, previous);
                }
                if (record.format() >= 2) {
                    sawExactBytes = true;
                } else if (first == null && sawExactBytes) {
                    first = new VerificationResult.BadRecord(record.seq(), Tampering.CHANGED, "seq " + record.seq()
                            + " is of format 1 after records of format 2: format 1 (no exact bytes) is only for records"
                            + " appended before the exact bytes were kept");
                }
                tree.add(MerkleTree.leafHash(HEX.parseHex(record.hash())));
                if (tree.size() == witnessed.size()) {
                    rootAtWitnessedSize = tree.root();
                }
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
                first = new VerificationResult.BadRecord(tree.size() + 1, Tampering.REMOVED, "seq "
                        + (tree.size() + 1) + ".." + beyond.treeSize() + " missing: a checkpoint signed them, the log"
                        + " ends at seq " + tree.size());
            }
        }
        if (signed.isEmpty() && tree.size() > 0) {
            badCheckpoints.add(new VerificationResult.BadCheckpoint(0, "no signed checkpoint at all for "
                    + tree.size() + " records: nothing anchors them (deleted checkpoints, or a checkpointer that"
                    + " never ran)"));
        }
        badCheckpoints.sort((a, b) -> Long.compare(a.treeSize(), b.treeSize()));
        VerificationResult.WitnessCheck witnessCheck = witnessed.compare(tree.size(), rootAtWitnessedSize);
        if (witnessCheck.holds()) {
            witnessCheck = lagging(signed, witnessCheck).orElse(witnessCheck);
        }
        if (first == null && witnessCheck.state().equals("TRUNCATED")) {
            first = new VerificationResult.BadRecord(tree.size() + 1, Tampering.REMOVED, "seq " + (tree.size() + 1)
                    + ".." + witnessed.size() + " missing: the witness cosigned " + witnessed.size()
                    + " records, the log ends at seq " + tree.size());
        }
        List<String> guardProblems = guards.problems();
        boolean intact = first == null && badCheckpoints.isEmpty() && witnessCheck.holds() && guardProblems.isEmpty();
        return new VerificationResult(intact, tree.size(), signed.size(), clock.instant(), first,
                List.copyOf(badCheckpoints), witnessCheck, guardProblems);
    }

    /** The oldest checkpoint the witness has not cosigned, if it has waited longer than it may. */
    private Optional<VerificationResult.WitnessCheck> lagging(List<Checkpoint> signed,
                                                              VerificationResult.WitnessCheck witnessed) {
        Instant deadline = clock.instant().minus(maxWitnessLag);
        return signed.stream().filter(c -> c.note() != null && c.treeSize() > witnessed.cosignedSize())
                .filter(c -> c.createdAt().isBefore(deadline)).findFirst()
                .map(c -> new VerificationResult.WitnessCheck("LAGGING", witnessed.witness(), witnessed.cosignedSize(),
                        witnessed.cosignedBy(), "the checkpoint of size " + c.treeSize() + ", signed at "
                        + c.createdAt() + ", has waited more than " + maxWitnessLag + " for the witness, which cosigned "
                        + witnessed.cosignedSize() + ": records " + (witnessed.cosignedSize() + 1) + ".."
                        + c.treeSize() + " are vouched for by the log alone"));
    }

    /** What the witness vouches for, read before the records. */
    private WitnessReading readWitness() {
        if (witness.isEmpty()) {
            return new WitnessReading(VerificationResult.WitnessCheck.notConfigured(), null);
        }
        String name = witness.get().client().base().toString();
        try {
            Optional<WitnessAnchor.Witnessed> latest = witness.get().latest();
            if (latest.isEmpty()) {
                return new WitnessReading(new VerificationResult.WitnessCheck("NOTHING_COSIGNED", name, 0, List.of(),
                        "the witness has cosigned no checkpoint of this log yet"), null);
            }
            return new WitnessReading(null, latest.get());
        } catch (WitnessClient.WitnessUnreachable e) {
            return new WitnessReading(new VerificationResult.WitnessCheck("UNREACHABLE", name, 0, List.of(),
                    e.getMessage()), null);
        } catch (RuntimeException untrusted) {
            return new WitnessReading(new VerificationResult.WitnessCheck("UNTRUSTED", name, 0, List.of(),
                    "the witness's checkpoint does not verify with the configured keys: " + untrusted.getMessage()),
                    null);
        }
    }

    private record WitnessReading(VerificationResult.WitnessCheck settled, WitnessAnchor.Witnessed witnessed) {

        long size() {
            return witnessed == null ? -1 : witnessed.size();
        }

        VerificationResult.WitnessCheck compare(long stored, byte[] rootAtSize) {
            if (settled != null) {
                return settled;
            }
            long size = witnessed.size();
            List<String> by = witnessed.verified().cosignedBy().stream().map(k -> k.name()).toList();
            String name = by.isEmpty() ? null : by.get(0);
            if (stored < size) {
                return new VerificationResult.WitnessCheck("TRUNCATED", name, size, by, "the witness cosigned "
                        + size + " records, the store holds " + stored + ": records " + (stored + 1) + ".." + size
                        + " were removed");
            }
            if (!Arrays.equals(rootAtSize, witnessed.verified().head().rootHash())) {
                return new VerificationResult.WitnessCheck("REWRITTEN", name, size, by, "records 1.." + size
                        + " give the root " + HEX.formatHex(rootAtSize) + ", the witness cosigned "
                        + witnessed.verified().head().rootHex() + " at size " + size
                        + ": a record at or before seq " + size + " was rewritten");
            }
            return new VerificationResult.WitnessCheck("MATCHES", name, size, by, null);
        }
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

    /** The checkpoint's signatures against the configured log keys: its note (if any) and its first form. */
    private Optional<String> signatureProblem(Checkpoint checkpoint) {
        if (logKeys.isEmpty()) {
            return Optional.of("no log key is configured (agentshop.audit.trust.log-keys): no signature can be trusted");
        }
        if (checkpoint.note() != null) {
            try {
                SignedNote note = SignedNote.parse(checkpoint.note());
                note.verifiedBy(logKeys.keys());
                TreeHead head = TreeHead.parse(note.text());
                if (!head.origin().equals(logKeys.origin()) || head.size() != checkpoint.treeSize()
                        || !head.rootHex().equals(checkpoint.rootHash())) {
                    return Optional.of("its signed note says " + head + ", not this checkpoint's size and root");
                }
            } catch (RuntimeException e) {
                return Optional.of("its signed note does not verify: " + e.getMessage());
            }
        }
        Optional<PublicKey> key = logKeys.byLegacyId(checkpoint.keyId());
        if (key.isEmpty()) {
            return Optional.of("signed by key " + checkpoint.keyId() + ", which is not one of the log's trusted keys");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(checkpoint.signature());
        } catch (IllegalArgumentException e) {
            return Optional.of("the signature is not base64");
        }
        return Ed25519KeyFile.verify(key.get(), checkpoint.signedBytes(), signature) ? Optional.empty()
                : Optional.of("the Ed25519 signature does not verify");
    }
}
