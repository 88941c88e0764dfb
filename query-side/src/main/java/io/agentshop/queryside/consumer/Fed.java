package io.agentshop.queryside.consumer;

/**
 * A projection as a consumer feeds it.
 *
 * @param meters      the projection's lag, applied, dead-letter and stalled meters, shared by its live consumers
 *                    ({@link ProjectionMeters#none()} for a rebuild)
 * @param afterCommit see {@link ProjectionRegistration#afterCommit()}
 */
public record Fed(Projection projection, ProjectionMeters meters, Runnable afterCommit) {

    /** Fed without meters or anyone to wake: a rebuild. */
    public static Fed quietly(Projection projection) {
        return new Fed(projection, ProjectionMeters.none(), () -> { });
    }
}
