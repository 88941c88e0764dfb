package io.agentshop.queryside.audit.verify;

import java.time.Instant;
import java.util.List;

/**
 * What the verifier found: {@code intact} only if every record re-hashes and links to the one before, seqs are
 * contiguous from 1, every checkpoint's root holds and is signed by a trusted log key, there is a checkpoint at all
 * (when there are records), the witness's latest cosigned checkpoint matches the records, and the store's guards
 * (triggers, grants) are as designed.
 *
 * @param firstBadRecord the first record that is wrong, or {@code null}
 * @param witness        how the records compare with what the witness cosigned
 * @param guardProblems  append-only triggers or grants that are not as designed
 */
public record VerificationResult(boolean intact, long recordsChecked, int checkpointsChecked, Instant verifiedAt,
                                 BadRecord firstBadRecord, List<BadCheckpoint> badCheckpoints,
                                 WitnessCheck witness, List<String> guardProblems) {

    public record BadRecord(long seq, Tampering problem, String detail) {
    }

    public record BadCheckpoint(long treeSize, String detail) {
    }

    /**
     * @param state        {@code MATCHES}, {@code TRUNCATED} (fewer records than witnessed), {@code REWRITTEN}
     *                     (another root at the witnessed size), {@code LAGGING} (a checkpoint has waited longer than
     *                     allowed for the witness), {@code NOTHING_COSIGNED} (not yet: the checkpoints are young),
     *                     {@code UNTRUSTED} (what the witness serves does not verify with the configured keys),
     *                     {@code UNREACHABLE}, or {@code NOT_CONFIGURED}
     * @param cosignedSize the witnessed tree size, 0 if none
     */
    public record WitnessCheck(String state, String witness, long cosignedSize, List<String> cosignedBy, String detail) {

        static WitnessCheck notConfigured() {
            return new WitnessCheck("NOT_CONFIGURED", null, 0, List.of(),
                    "no witness is configured (agentshop.audit.trust.witness-url): nothing outside this database"
                            + " vouches for its history");
        }

        boolean holds() {
            return state.equals("MATCHES") || state.equals("NOTHING_COSIGNED");
        }

        boolean couldNotCheck() {
            return state.equals("UNREACHABLE");
        }
    }

    /** 0 intact, 1 something was found, 2 nothing was found but the witness could not be asked. */
    public int exitCode() {
        if (intact) {
            return 0;
        }
        boolean onlyUnreachable = firstBadRecord == null && badCheckpoints.isEmpty() && guardProblems.isEmpty()
                && witness.couldNotCheck();
        return onlyUnreachable ? 2 : 1;
    }

    /** One paragraph for the command line. */
    public String describe() {
        StringBuilder text = new StringBuilder(intact
                ? "audit store intact: " + recordsChecked + " records, " + checkpointsChecked
                + " signed checkpoints verified"
                : "audit store TAMPERED or unverified (" + recordsChecked + " records, " + checkpointsChecked
                + " checkpoints checked)");
        if (firstBadRecord != null) {
            text.append("\n  first bad record: seq ").append(firstBadRecord.seq()).append(' ')
                    .append(firstBadRecord.problem().name().toLowerCase()).append(": ").append(firstBadRecord.detail());
        }
        for (BadCheckpoint checkpoint : badCheckpoints) {
            text.append("\n  checkpoint ").append(checkpoint.treeSize()).append(": ").append(checkpoint.detail());
        }
        text.append("\n  witness: ").append(witness.state().toLowerCase().replace('_', ' '));
        if (witness.cosignedSize() > 0) {
            text.append(", cosigned size ").append(witness.cosignedSize()).append(" by ").append(witness.cosignedBy());
        }
        if (witness.detail() != null) {
            text.append(": ").append(witness.detail());
        }
        for (String problem : guardProblems) {
            text.append("\n  guard: ").append(problem);
        }
        return text.toString();
    }
}
