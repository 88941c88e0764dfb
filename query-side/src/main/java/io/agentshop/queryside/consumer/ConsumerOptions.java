package io.agentshop.queryside.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * How a {@link ProjectionConsumer} runs beside the projection it feeds.
 *
 * @param groupId          the Kafka consumer group; a rebuild runs beside the live consumer under a group of its own,
 *                         while its bookkeeping (in its own schema) keeps the projection's name
 * @param projectionMeters the projection's lag, applied, dead-letter and stalled meters, shared by its live consumers
 *                         ({@link ProjectionMeters#none()} for a rebuild)
 * @param afterCommit      see {@link ProjectionRegistration#afterCommit()}
 * @param observations     each record's application is observed as the consumer side of the trace its
 *                         {@code traceparent} header names, so the projection's work joins the tool call's trace
 */
public record ConsumerOptions(String groupId, ProjectionMeters projectionMeters, Runnable afterCommit,
                              ObservationRegistry observations) {

    /** The live consumer of a registered projection. */
    public static ConsumerOptions live(ProjectionRegistration registration, ProjectionMeters meters,
                                       ObservationRegistry observations) {
        return new ConsumerOptions(registration.projection().name(), meters, registration.afterCommit(), observations);
    }

    /** A rebuild into a shadow schema: a group of its own, no meters of the live projection, no trace. */
    public static ConsumerOptions rebuild(String groupId) {
        return new ConsumerOptions(groupId, ProjectionMeters.none(), () -> { }, ObservationRegistry.NOOP);
    }

    /** A consumer on its own (tools, tests): its projection's name as group, meters of its own in {@code meters}. */
    public static ConsumerOptions standalone(Projection projection, MeterRegistry meters) {
        return new ConsumerOptions(projection.name(), ProjectionMeters.register(meters, projection.name()), () -> { },
                ObservationRegistry.NOOP);
    }
}
