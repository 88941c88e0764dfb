package io.agentshop.queryside.consumer;

import io.micrometer.observation.ObservationRegistry;

/**
 * How a {@link ProjectionConsumer} runs beside the projections it feeds.
 *
 * @param groupId      the Kafka consumer group (and the consumer's name); a rebuild runs beside the live consumer under
 *                     a group of its own, while its bookkeeping (in its own schema) keeps the projection's name
 * @param observations each record's application is observed as the consumer side of the trace its
 *                     {@code traceparent} header names, so the projection's work joins the tool call's trace
 */
public record ConsumerOptions(String groupId, ObservationRegistry observations) {

    /** A rebuild into a shadow schema: a group of its own, no trace. */
    public static ConsumerOptions rebuild(String groupId) {
        return new ConsumerOptions(groupId, ObservationRegistry.NOOP);
    }
}
