package io.agentshop.queryside.consumer;

import io.agentshop.queryside.events.Envelope;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Something built from the event stream: a read model or the audit store. Its consumer calls {@link #apply} inside
 * the transaction that also records the Kafka offset and the event id, so each event is applied exactly once.
 */
public interface Projection {

    /** The consumer group, and the key of this projection's offsets and applied events. */
    String name();

    /** Applies one event with {@code tx} (already in the transaction); says whether it did, or why not. */
    Outcome apply(Envelope envelope, JdbcTemplate tx);

    /**
     * Applies a poll's events (each seen for the first time, in the stream's order) with {@code tx}: one outcome per
     * event, in the same order. A projection may write them in fewer statements than one by one, as long as its
     * tables end as applying them one by one would leave them (and fails as a whole where one of them would fail). By
     * default, one by one.
     */
    default List<Outcome> apply(List<Envelope> events, JdbcTemplate tx) {
        return events.stream().map(event -> apply(event, tx)).toList();
    }

    /**
     * Whether this event could change the projection. The consumer passes over one that could not (a known type the
     * projection has no use for) without recording its id, which spares a write per event and projection: applying it
     * again would change nothing either. By default every event could.
     */
    default boolean concerns(Envelope envelope) {
        return true;
    }

    /**
     * Whether an event this projection cannot apply may be set aside in the dead letters so the partition moves on.
     * A projection that must not miss anything (the audit store) says no: its partition stops and is retried.
     */
    default boolean mayDeadLetter() {
        return true;
    }

    /**
     * A Kafka record that is no envelope at all ({@code why}). A projection that may dead-letter lets its consumer set
     * it aside (answers {@code false}); the audit store keeps it as a record of its own, so it skips nothing.
     */
    default boolean keepUnreadable(UnreadableRecord record, JdbcTemplate tx) {
        return false;
    }

    /** A record of the topic that could not be read as an envelope: where it was, its exact bytes, and why. */
    record UnreadableRecord(String topic, int partition, long offset, String key, byte[] value, java.time.Instant timestamp,
                            String why) {
    }

    /** What became of an event. */
    enum Outcome {
        APPLIED,
        /** A type this projection does not know (logged and counted, not fatal). */
        UNKNOWN_TYPE,
        /** A newer schema version than this projection reads (logged and counted, not fatal). */
        NEWER_SCHEMA,
        /** A known type this projection has no use for. */
        NOT_RELEVANT
    }
}
