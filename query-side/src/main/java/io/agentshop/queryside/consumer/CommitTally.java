package io.agentshop.queryside.consumer;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.Map;

/**
 * What one transaction did, counted only once it has committed: a batch that rolls back is applied again (record by
 * record, or by the next consumer), and its events must not be counted twice.
 */
final class CommitTally {

    private final Map<String, Integer> outcomes = new HashMap<>();
    private int applied;
    private int deadLetters;

    /** A record applied (or kept, or not this projection's concern) with this outcome. */
    void applied(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
        applied++;
    }

    /** A record skipped with this outcome (a redelivery), applied before. */
    void skipped(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    void deadLettered(int records) {
        outcomes.merge("dead_letter", 1, Integer::sum);
        deadLetters += records;
    }

    /** After the commit: {@code agentshop.consumer.events} by outcome, and the projection's meters. */
    void committed(String projection, MeterRegistry meters, ProjectionMeters projectionMeters, Runnable afterCommit) {
        outcomes.forEach((outcome, count) -> meters.counter("agentshop.consumer.events", "consumer", projection,
                "outcome", outcome).increment(count));
        projectionMeters.applied(applied);
        projectionMeters.deadLettered(deadLetters);
        afterCommit.run();
    }
}
