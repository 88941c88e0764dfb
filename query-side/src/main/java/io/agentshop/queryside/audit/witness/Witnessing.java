package io.agentshop.queryside.audit.witness;

import io.agentshop.queryside.audit.checkpoint.Checkpoint;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.queryside.audit.record.AuditRecords;
import io.agentshop.tlog.AddCheckpointRequest;
import io.agentshop.tlog.MerkleLevels;
import io.agentshop.tlog.SignedNote;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Submits the audit log's newest checkpoint to its witness (C2SP tlog-witness), with the consistency proof from the
 * size the witness last cosigned. Only the newest: one cosigned checkpoint covers every record before it, and a
 * witness that was away catches up with one request. Several query-side nodes may submit; the witness's 409 tells a
 * node the size another node got cosigned, and it proves from there.
 * <p>
 * A refusal is an alarm, not a retry: the witness saw a history this log no longer extends (records removed or
 * rewritten, a checkpoint signed with a copied key over another history). It is logged as an error naming both sizes,
 * counted ({@code agentshop.audit.witness.refusals}) and turns the audit store's health DOWN until a checkpoint is
 * cosigned again. An unreachable witness only leaves the log un-witnessed for a while
 * ({@code agentshop.audit.witness.behind}: records in the newest checkpoint the witness has not cosigned).
 */
public final class Witnessing implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(Witnessing.class);
    private static final Duration REFUSED_RETRY = Duration.ofMinutes(1);

    private final WitnessClient witness;
    private final Checkpoints checkpoints;
    private final AuditRecords records;
    private final Clock clock;
    /**
     * The tree of records 1..n as last read, extended with each checkpoint; it keeps every perfect subtree's hash, so
     * a proof costs O(log n) hashes rather than re-hashing the whole log at every checkpoint.
     */
    private MerkleLevels tree = new MerkleLevels();
    private Counter refusals;
    /** The size this node believes the witness last cosigned; -1 until it has asked. */
    private long witnessSize = -1;
    /** The note text of the checkpoint this node last got cosigned. */
    private String cosignedText;
    private volatile WitnessStatus status = WitnessStatus.notYet();

    public Witnessing(WitnessClient witness, Checkpoints checkpoints, AuditRecords records, Clock clock) {
        this.witness = witness;
        this.checkpoints = checkpoints;
        this.records = records;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        refusals = Counter.builder("agentshop.audit.witness.refusals")
                .description("Checkpoints the audit witness refused to cosign: the log's history changed").register(registry);
        Gauge.builder("agentshop.audit.witness.behind", this, w -> w.status.behind())
                .description("Records in the newest audit checkpoint that the witness has not cosigned yet")
                .register(registry);
    }

    public WitnessStatus status() {
        return status;
    }

    /** Gets the newest checkpoint cosigned, if the witness has not cosigned it yet. */
    public synchronized WitnessStatus witnessNewest() {
        Optional<Checkpoint> newest = checkpoints.latestWithNote();
        if (newest.isEmpty()) {
            return status;
        }
        Checkpoint checkpoint = newest.get();
        SignedNote note = SignedNote.parse(checkpoint.note());
        if (note.text().equals(cosignedText)) {
            // Only the very checkpoint cosigned last is skipped: a smaller one, or another root at the same size
            // (the checkpoints were replaced beneath this node), goes to the witness, which refuses it.
            if (status.state() == WitnessStatus.State.REFUSED) {
                log.warn("audit witness: the newest checkpoint is again the one the witness cosigned at size {}",
                        witnessSize);
                status = WitnessStatus.cosigned(witnessSize, clock.instant());
            }
            return status;
        }
        if (status.state() == WitnessStatus.State.REFUSED && status.newestSize() == checkpoint.treeSize()
                && status.at().plus(REFUSED_RETRY).isAfter(clock.instant())) {
            // Refused already, and nothing new: asking again every tick would only repeat the alarm.
            return status;
        }
        try {
            long from = Math.max(witnessSize, 0);
            boolean rereadLeaves = false;
            for (int attempt = 0; attempt < 4; attempt++) {
                if (from > checkpoint.treeSize()) {
                    // Another node may have signed and submitted a newer checkpoint since this one was read.
                    long newestNow = checkpoints.latestWithNote().map(Checkpoint::treeSize).orElse(0L);
                    if (newestNow >= from) {
                        return status;
                    }
                    return refused(checkpoint, "the witness cosigned " + from + " records, but the newest checkpoint"
                            + " covers " + newestNow + ": records the witness saw are gone");
                }
                WitnessClient.Answer answer = witness.add(new AddCheckpointRequest(from,
                        consistencyProof(from, checkpoint.treeSize()), note));
                if (answer instanceof WitnessClient.Cosigned) {
                    witnessSize = checkpoint.treeSize();
                    cosignedText = note.text();
                    if (status.state() != WitnessStatus.State.COSIGNED) {
                        log.info("audit witness {}: cosigned the audit log at size {}", witness.base(), witnessSize);
                    }
                    status = WitnessStatus.cosigned(witnessSize, clock.instant());
                    return status;
                }
                if (answer instanceof WitnessClient.OldSizeWrong wrong) {
                    if (wrong.size() < witnessSize) {
                        return refused(checkpoint, "the witness says it cosigned " + wrong.size() + " records, but it"
                                + " cosigned " + witnessSize + " for this node: it lost its state or was replaced");
                    }
                    from = wrong.size();
                    witnessSize = from;
                    continue;
                }
                WitnessClient.Refused refused = (WitnessClient.Refused) answer;
                if (tree.size() > 0 && !rereadLeaves) {
                    // The proof came from leaves read earlier; read them again before calling it an alarm (they may
                    // have been read while someone had changed a record and put it back since).
                    tree = new MerkleLevels();
                    rereadLeaves = true;
                    continue;
                }
                return refused(checkpoint, "HTTP " + refused.status() + ": " + refused.reason());
            }
            return status;
        } catch (WitnessClient.WitnessUnreachable e) {
            if (status.state() != WitnessStatus.State.UNREACHABLE) {
                log.warn("audit witness: {}; checkpoint {} waits to be cosigned", e.getMessage(), checkpoint.treeSize());
            }
            status = status.unreachable(checkpoint.treeSize(), e.getMessage(), clock.instant());
            return status;
        }
    }

    private WitnessStatus refused(Checkpoint checkpoint, String reason) {
        // What was read may be what was tampered with: the next attempt reads the leaves again.
        tree = new MerkleLevels();
        log.error("AUDIT WITNESS REFUSED the checkpoint of size {} (the witness last cosigned size {}): {}. The audit"
                + " log's history differs from what was witnessed: see GET /audit/verify", checkpoint.treeSize(),
                Math.max(witnessSize, 0), reason);
        if (refusals != null) {
            refusals.increment();
        }
        status = WitnessStatus.refused(Math.max(witnessSize, 0), checkpoint.treeSize(), reason, clock.instant());
        return status;
    }

    private List<byte[]> consistencyProof(long from, long to) {
        if (from == 0 || from == to) {
            return List.of();
        }
        if (tree.size() > to) {
            tree.truncate(to);
        }
        if (tree.size() < to) {
            records.leafHashes(tree.size(), to).forEach(tree::add);
        }
        if (tree.size() != to) {
            throw new IllegalStateException("the checkpoint covers " + to + " records, " + tree.size() + " are stored");
        }
        return tree.consistencyProof(from, to);
    }
}
