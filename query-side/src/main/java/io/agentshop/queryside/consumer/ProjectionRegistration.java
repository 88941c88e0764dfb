package io.agentshop.queryside.consumer;

import javax.sql.DataSource;

/**
 * A projection and the database it writes to (its offsets and applied event ids live there too).
 *
 * @param afterCommit run on the consumer's thread each time a transaction of its events has committed (it wakes the
 *                    reads waiting for their own write); it must be quick and must not throw
 */
public record ProjectionRegistration(Projection projection, DataSource dataSource, Runnable afterCommit) {

    public ProjectionRegistration(Projection projection, DataSource dataSource) {
        this(projection, dataSource, () -> { });
    }
}
