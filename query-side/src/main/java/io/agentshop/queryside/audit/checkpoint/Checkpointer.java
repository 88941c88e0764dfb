package io.agentshop.queryside.audit.checkpoint;

import io.agentshop.queryside.audit.merkle.MerkleRootAccumulator;
import io.agentshop.queryside.audit.merkle.MerkleTree;
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
 * Signs the tree head of all records so far. It never signs a log it cannot vouch for: before signing, the chain links
 * of every record are checked, the records since the last checkpoint are re-hashed, and the new tree must extend the
 * last signed one (same root at the old size). A tampered log gets no new checkpoint, only an error in the log.
 */
public final class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final int PAGE = 500;

    private final AuditRecords records;
    private final Checkpoints checkpoints;
    private final AuditSigningKey key;
    private final Clock clock;
    private final CheckpointSettings settings;

    public Checkpointer(AuditRecords records, Checkpoints checkpoints, AuditSigningKey key, Clock clock,
                        CheckpointSettings settings) {
        this.records = records;
        this.checkpoints = checkpoints;
        this.key = key;
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
        MerkleRootAccumulator tree = new MerkleRootAccumulator();
        String previous = AuditRecordHash.GENESIS;
        for (AuditRecords.ChainLink link : records.links(treeSize)) {
            if (link.seq() != tree.size() + 1 || !link.prevHash().equals(previous)) {
                log.error("audit store: record {} breaks the chain; no checkpoint is signed until it is repaired"
                        + " (GET /audit/verify tells more)", tree.size() + 1);
                return Optional.empty();
            }
            tree.add(MerkleTree.leafHash(HEX.parseHex(link.hash())));
            previous = link.hash();
            if (last.isPresent() && tree.size() == signed
                    && !Arrays.equals(tree.root(), HEX.parseHex(last.get().rootHash()))) {
                log.error("audit store: the records no longer match the checkpoint of size {}; not signing", signed);
                return Optional.empty();
            }
        }
        if (tree.size() != treeSize) {
            log.error("audit store: {} records up to seq {}; not signing", tree.size(), treeSize);
            return Optional.empty();
        }
        if (!newRecordsHashCorrectly(signed, treeSize)) {
            return Optional.empty();
        }
        Instant createdAt = AuditRecordHash.storable(clock.instant());
        String root = HEX.formatHex(tree.root());
        String signature = Base64.getEncoder().encodeToString(
                key.sign(Checkpoint.message(treeSize, root, createdAt, key.keyId()).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
        Checkpoint checkpoint = new Checkpoint(treeSize, root, createdAt, key.keyId(), signature);
        if (checkpoints.add(checkpoint)) {
            log.info("audit store: checkpoint {} signed (root {})", treeSize, root);
            return Optional.of(checkpoint);
        }
        return checkpoints.ofSize(treeSize);
    }

    private boolean newRecordsHashCorrectly(long signed, long treeSize) {
        long after = signed;
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
}
