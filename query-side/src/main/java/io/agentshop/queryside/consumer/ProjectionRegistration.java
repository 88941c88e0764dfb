package io.agentshop.queryside.consumer;

import javax.sql.DataSource;

/**
 * A projection, the database it writes to (its offsets and applied event ids live there too), and the live consumer
 * that feeds it: projections of one database may share a consumer, which reads each record once and applies it to
 * all of them in one transaction, each still with its own offsets, so each can be rebuilt alone.
 *
 * @param afterCommit run on the consumer's thread each time a transaction of its events has committed (it wakes the
 *                    reads waiting for their own write); it must be quick and must not throw
 * @param consumer    the live consumer (and its Kafka group); by default the projection's own name
 */
public record ProjectionRegistration(Projection projection, DataSource dataSource, Runnable afterCommit,
                                     String consumer) {

    public ProjectionRegistration(Projection projection, DataSource dataSource) {
        this(projection, dataSource, () -> { }, projection.name());
    }
}
