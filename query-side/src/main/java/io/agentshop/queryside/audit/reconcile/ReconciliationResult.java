package io.agentshop.queryside.audit.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * The events topic and the audit store side by side: {@code consistent} when every event up to the audit consumer's
 * offsets has its record (same event id, same bytes) and every record has its event.
 *
 * @param firstMismatch the first thing that does not match, or {@code null}
 * @param mismatches    the first few mismatches (at most {@link KafkaReconciliation#REPORTED})
 * @param unreconciled  what could not be compared (offsets the topic no longer keeps), each a sentence
 */
public record ReconciliationResult(boolean consistent, long eventsRead, long recordsChecked, String firstMismatch,
                                   List<String> mismatches, long mismatchCount, List<String> unreconciled,
                                   Instant reconciledAt) {

    public String describe() {
        StringBuilder text = new StringBuilder(consistent
                ? "audit store and events topic reconcile: " + eventsRead + " events, " + recordsChecked + " records"
                : "audit store and events topic DIFFER (" + mismatchCount + " mismatches; " + eventsRead + " events, "
                + recordsChecked + " records)");
        mismatches.forEach(mismatch -> text.append("\n  ").append(mismatch));
        unreconciled.forEach(gap -> text.append("\n  not compared: ").append(gap));
        return text.toString();
    }
}
