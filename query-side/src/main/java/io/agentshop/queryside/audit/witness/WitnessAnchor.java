package io.agentshop.queryside.audit.witness;

import io.agentshop.queryside.audit.checkpoint.LogKeys;
import io.agentshop.tlog.CheckpointVerifier;
import io.agentshop.tlog.NoteKey;
import io.agentshop.tlog.SignedNote;

import java.util.List;
import java.util.Optional;

/**
 * The witness as a verifier uses it: the latest checkpoint it cosigned for this log, trusted only if the log's
 * configured key signed it and a configured witness key cosigned it. What the witness serves is not taken on its
 * word either.
 */
public final class WitnessAnchor {

    private final WitnessClient client;
    private final CheckpointVerifier verifier;

    public WitnessAnchor(WitnessClient client, LogKeys logKeys, List<NoteKey> witnessKeys) {
        this.client = client;
        this.verifier = new CheckpointVerifier(logKeys.origin(), logKeys.keys(), witnessKeys, 1);
    }

    /**
     * @throws WitnessClient.WitnessUnreachable when it does not answer
     * @throws SignedNote.NoteNotVerified        when what it serves is not signed and cosigned by trusted keys
     */
    public Optional<Witnessed> latest() {
        return client.latest(verifier.origin()).map(note -> new Witnessed(verifier.verify(note), note));
    }

    public WitnessClient client() {
        return client;
    }

    public record Witnessed(CheckpointVerifier.Verified verified, SignedNote note) {
        public long size() {
            return verified.head().size();
        }
    }
}
