package io.agentshop.queryside.audit.checkpoint;

import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.tlog.MerkleRootAccumulator;
import io.agentshop.tlog.MerkleTree;
import io.agentshop.tlog.NoteSigner;
import io.agentshop.tlog.TreeHead;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecordFilter;
import io.agentshop.queryside.audit.record.AuditRecordHash;
import io.agentshop.queryside.audit.record.AuditRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Signs the tree head of all records so far. It never signs what it has not checked: the records after the last one it
 * checked must chain onto it, each re-hashed to its stored hash, and the new tree must extend the last signed one (same
 * root at the old size). A broken or altered record gets no checkpoint, only an error in the log.
 * <p>
 * Incremental: it keeps the tree over the records it has checked (O(log n) hashes) and the last one's hash, so a
 * checkpoint costs the records since the previous one, not the whole log. On start it checks the whole chain once. A
 * record changed after it was checked does not change what is signed — the kept tree is of the records as they were
 * checked — so that tampering shows where it can be found, in the verifier ({@code GET /audit/verify}), as a mismatch
 * against a signed root, never as a signed root over altered records.
 */
public final class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final int PAGE = 500;
    private static final int LINKS = 10_000;

    private final AuditRecords records;
    private final Checkpoints checkpoints;
    private final Ed25519KeyFile key;
    private final NoteSigner noteSigner;
    private final Clock clock;
    private final CheckpointSettings settings;
    /** The records 1..n this checkpointer has checked: their tree and the hash of record n. */
    private Checked checked = Checked.NOTHING;

    /** @param origin the log's name: the checkpoint note's first line and its signature's key name */
    public Checkpointer(AuditRecords records, Checkpoints checkpoints, Ed25519KeyFile key, String origin, Clock clock,
                        CheckpointSettings settings) {
        this.records = records;
        this.checkpoints = checkpoints;
        this.key = key;
        this.noteSigner = new NoteSigner(origin, key);
        this.clock = clock;
        this.settings = settings;
    }

    /** Checkpoints if enough records or enough time says so (and anything is new). */
    public Optional<Checkpoint> checkpointIfDue() {
        long latest = records.latestSeq();
        Optional<Checkpoint> last = checkpoints.latest();
        long signed = last.map(Checkpoint::treeSize).orElse(0L);
        if (latest <= signed) {
            return Optional.empty();
        }
        boolean enoughRecords = latest - signed >= settings.everyRecords();
        boolean longEnough = last.map(c -> !c.createdAt().plus(settings.every()).isAfter(clock.instant())).orElse(true);
        return enoughRecords || longEnough ? checkpointNow() : Optional.empty();
    }

    /** Signs a checkpoint over every record committed so far, if there is any new one. */
    public synchronized Optional<Checkpoint> checkpointNow() {
        long treeSize = records.latestSeq();
        Optional<Checkpoint> last = checkpoints.latest();
        long signed = last.map(Checkpoint::treeSize).orElse(0L);
        if (treeSize <= signed) {
            return last.filter(c -> c.treeSize() == treeSize);
        }
        // What was checked beyond the last checkpoint has no signed root to agree with: check it again.
        Checked from = checked.size() <= signed ? checked : Checked.NOTHING;
        if (last.isPresent() && from.size() == signed && !agrees(from.tree(), last.get())) {
            return Optional.empty();
        }
        MerkleRootAccumulator tree = from.tree().copy();
        String previous = from.lastHash();
        // By ranges of seq, so the first pass over a long log holds one range of links in memory at a time.
        for (long after = from.size(); after < treeSize; after = Math.min(after + LINKS, treeSize)) {
            for (AuditRecords.ChainLink link : records.links(after, Math.min(after + LINKS, treeSize))) {
                if (link.seq() != tree.size() + 1 || !link.prevHash().equals(previous)) {
                    log.error("audit store: record {} breaks the chain; no checkpoint is signed until it is repaired"
                            + " (GET /audit/verify tells more)", tree.size() + 1);
                    return Optional.empty();
                }
                tree.add(MerkleTree.leafHash(HEX.parseHex(link.hash())));
                previous = link.hash();
                if (last.isPresent() && tree.size() == signed && !agrees(tree, last.get())) {
                    return Optional.empty();
                }
            }
        }
        if (tree.size() != treeSize) {
            log.error("audit store: {} records up to seq {}; not signing", tree.size(), treeSize);
            return Optional.empty();
        }
        if (!newRecordsHashCorrectly(from.size(), treeSize)) {
            return Optional.empty();
        }
        Instant createdAt = AuditRecordHash.storable(clock.instant());
        String root = HEX.formatHex(tree.root());
        String signature = Base64.getEncoder().encodeToString(
                key.sign(Checkpoint.message(treeSize, root, createdAt, key.keyId()).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
        String note = noteSigner.signedNote(new TreeHead(noteSigner.verifierKey().name(), treeSize, tree.root()).text())
                .toString();
        Checkpoint checkpoint = new Checkpoint(treeSize, root, createdAt, key.keyId(), signature, note);
        boolean added = checkpoints.add(checkpoint);
        checked = new Checked(tree, previous);
        if (added) {
            log.info("audit store: checkpoint {} signed (root {})", treeSize, root);
            return Optional.of(checkpoint);
        }
        return checkpoints.ofSize(treeSize);
    }

    private static boolean agrees(MerkleRootAccumulator tree, Checkpoint signed) {
        if (Arrays.equals(tree.root(), HEX.parseHex(signed.rootHash()))) {
            return true;
        }
        log.error("audit store: the records no longer match the checkpoint of size {}; not signing", signed.treeSize());
        return false;
    }

    private boolean newRecordsHashCorrectly(long checkedUpTo, long treeSize) {
        long after = checkedUpTo;
        while (after < treeSize) {
            List<AuditRecord> page = records.page(AuditRecordFilter.ALL, after, PAGE);
            for (AuditRecord record : page) {
                if (record.seq() > treeSize) {
                    return true;
                }
                if (!AuditRecordHash.of(record).equals(record.hash())) {
                    log.error("audit store: record {} does not hash to its stored hash; not signing", record.seq());
                    return false;
                }
                after = record.seq();
            }
            if (page.isEmpty()) {
                break;
            }
        }
        return true;
    }

    /** Records 1..size() as checked: their tree and the last one's hash. */
    private record Checked(MerkleRootAccumulator tree, String lastHash) {

        static final Checked NOTHING = new Checked(new MerkleRootAccumulator(), AuditRecordHash.GENESIS);

        long size() {
            return tree.size();
        }
    }
}
