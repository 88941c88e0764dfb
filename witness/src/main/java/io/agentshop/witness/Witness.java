package io.agentshop.witness;

import io.agentshop.tlog.AddCheckpointRequest;
import io.agentshop.tlog.Cosigner;
import io.agentshop.tlog.MerkleTree;
import io.agentshop.tlog.NoteKey;
import io.agentshop.tlog.NoteSignature;
import io.agentshop.tlog.SignedNote;
import io.agentshop.tlog.TreeHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of C2SP tlog-witness {@code add-checkpoint}: cosign a checkpoint only if the log's trusted key signed it
 * and it is consistent with the latest one this witness cosigned for that log, proven by the client's consistency
 * proof from exactly that size. A smaller tree, a different root at the same size or a proof that does not verify is
 * refused and logged with both sizes: it is evidence that the log was truncated, rewritten or forked.
 * <p>
 * One request at a time: checking the old size and storing the new checkpoint must be atomic, or two requests could
 * roll the witness's view back (the protocol's own example). Logs submit a few times a minute; a lock is enough.
 */
public final class Witness {

    private static final Logger log = LoggerFactory.getLogger(Witness.class);
    private static final byte[] EMPTY_TREE = MerkleTree.root(List.of());

    private final Cosigner cosigner;
    private final Map<String, List<NoteKey>> trustedLogs;
    private final WitnessState state;
    private final Clock clock;

    Witness(Cosigner cosigner, Map<String, List<NoteKey>> trustedLogs, WitnessState state, Clock clock) {
        this.cosigner = cosigner;
        this.trustedLogs = Map.copyOf(trustedLogs);
        this.state = state;
        this.clock = clock;
    }

    public synchronized Decision add(AddCheckpointRequest request) {
        SignedNote note = request.checkpoint();
        TreeHead head;
        try {
            head = TreeHead.parse(note.text());
        } catch (IllegalArgumentException e) {
            return new Decision.Refused(400, "not a checkpoint: " + e.getMessage());
        }
        List<NoteKey> keys = trustedLogs.get(head.origin());
        if (keys == null) {
            return new Decision.Refused(404, "this witness does not witness the log " + head.origin());
        }
        List<NoteKey> signedBy;
        try {
            signedBy = note.verifiedBy(keys);
        } catch (SignedNote.NoteNotVerified e) {
            return refused(403, head, "not signed by a trusted key of the log: " + e.getMessage());
        }
        if (request.oldSize() > head.size()) {
            return new Decision.Refused(400, "old size " + request.oldSize() + " is larger than the checkpoint's "
                    + head.size());
        }
        Optional<TreeHead> latest = state.latest(head.origin()).map(cosigned -> TreeHead.parse(cosigned.text()));
        long latestSize = latest.map(TreeHead::size).orElse(0L);
        if (request.oldSize() != latestSize) {
            if (head.size() < latestSize) {
                log.warn("witness: {} offers a checkpoint of size {}, smaller than the {} this witness cosigned"
                        + " (old size {} given): a truncated log?", head.origin(), head.size(), latestSize,
                        request.oldSize());
            }
            return new Decision.Conflict(latestSize);
        }
        if (head.size() == 0 && !Arrays.equals(head.rootHash(), EMPTY_TREE)) {
            return refused(422, head, "a tree of size 0 has the empty tree's root");
        }
        if (request.oldSize() == 0 && !request.consistencyProof().isEmpty()) {
            return refused(422, head, "from size 0 the consistency proof is empty");
        }
        if (latest.isPresent() && request.oldSize() == head.size()) {
            if (!Arrays.equals(latest.get().rootHash(), head.rootHash())) {
                return refused(422, head, "size " + head.size() + " was cosigned with root "
                        + latest.get().rootHex() + ", not " + head.rootHex() + ": the log's history was rewritten");
            }
        } else if (latest.isPresent() && !MerkleTree.verifyConsistency(latestSize, head.size(),
                latest.get().rootHash(), head.rootHash(), request.consistencyProof())) {
            return refused(422, head, "the consistency proof from the cosigned size " + latestSize + " (root "
                    + latest.get().rootHex() + ") to " + head.size() + " does not verify: the log forked or was"
                    + " rewritten");
        }
        NoteSignature cosignature = cosigner.cosign(note.text(), clock.instant());
        // Only what was verified is kept: the log's signatures and this cosignature. Lines of unknown keys are
        // anyone's to add, and a stored line that looked like this witness's own would poison its state.
        List<NoteSignature> kept = new ArrayList<>();
        for (NoteSignature signature : note.signatures()) {
            if (signedBy.stream().anyMatch(key -> key.made(signature))) {
                kept.add(signature);
            }
        }
        kept.add(cosignature);
        state.store(head.origin(), new SignedNote(note.text(), kept));
        log.info("witness: cosigned {} at size {} (was {})", head.origin(), head.size(), latestSize);
        return new Decision.Cosigned(cosignature);
    }

    /** The latest cosigned checkpoint of the log whose origin hashes to {@code originHash}, if any. */
    public Optional<SignedNote> latest(String originHash) {
        return trustedLogs.keySet().stream().filter(origin -> TreeHead.originHash(origin).equals(originHash))
                .findFirst().flatMap(state::latest);
    }

    public NoteKey verifierKey() {
        return cosigner.verifierKey();
    }

    private static Decision refused(int status, TreeHead head, String reason) {
        log.warn("witness: refused {} at size {}: {}", head.origin(), head.size(), reason);
        return new Decision.Refused(status, reason);
    }
}
