package io.agentshop.queryside.consumer;

import io.micrometer.observation.ObservationRegistry;

import java.time.Duration;

/**
 * How a {@link ProjectionConsumer} runs beside the projections it feeds.
 *
 * @param groupId      the Kafka consumer group (and the consumer's name); a rebuild runs beside the live consumer under
 *                     a group of its own, while its bookkeeping (in its own schema) keeps the projection's name
 * @param observations each record's application is observed as the consumer side of the trace its
 *                     {@code traceparent} header names, so the projection's work joins the tool call's trace
 * @param maxPollRecords the most records one poll, and so one transaction, takes
 * @param closeTimeout   how long closing waits to leave the group cleanly (and for the broker to end its fetches)
 */
public record ConsumerOptions(String groupId, ObservationRegistry observations, int maxPollRecords,
                              Duration closeTimeout) {

    /**
     * A live consumer: 500 records a poll at most, and up to 30 s to leave its group on close (Kafka's defaults), so
     * the group hands its partitions on at once, not after the session timeout.
     */
    public ConsumerOptions(String groupId, ObservationRegistry observations) {
        this(groupId, observations, 500, Duration.ofSeconds(30));
    }

    /**
     * A rebuild into a shadow schema: a group of its own, no trace, and polls four times the size, since it reads a
     * backlog and fewer, larger transactions write it faster (nobody waits for any single one of its records). It
     * closes without waiting: nobody joins its group again, and the live consumers wait paused while it stops.
     */
    public static ConsumerOptions rebuild(String groupId) {
        return new ConsumerOptions(groupId, ObservationRegistry.NOOP, 2000, Duration.ZERO);
    }
}
