package io.agentshop.queryside.audit.verify;

import java.time.Instant;
import java.util.List;

/**
 * What the verifier found: {@code intact} only if every record re-hashes and links to the one before, seqs are
 * contiguous from 1, and every checkpoint's root and signature hold.
 *
 * @param firstBadRecord the first record that is wrong, or {@code null}
 */
public record VerificationResult(boolean intact, long recordsChecked, int checkpointsChecked, Instant verifiedAt,
                                 BadRecord firstBadRecord, List<BadCheckpoint> badCheckpoints) {

    public record BadRecord(long seq, Tampering problem, String detail) {
    }

    public record BadCheckpoint(long treeSize, String detail) {
    }

    /** One paragraph for the command line. */
    public String describe() {
        if (intact) {
            return "audit store intact: " + recordsChecked + " records, " + checkpointsChecked
                    + " signed checkpoints verified";
        }
        StringBuilder text = new StringBuilder("audit store TAMPERED (" + recordsChecked + " records, "
                + checkpointsChecked + " checkpoints checked)");
        if (firstBadRecord != null) {
            text.append("\n  first bad record: seq ").append(firstBadRecord.seq()).append(' ')
                    .append(firstBadRecord.problem().name().toLowerCase()).append(": ").append(firstBadRecord.detail());
        }
        for (BadCheckpoint checkpoint : badCheckpoints) {
            text.append("\n  checkpoint ").append(checkpoint.treeSize()).append(": ").append(checkpoint.detail());
        }
        return text.toString();
    }
}
