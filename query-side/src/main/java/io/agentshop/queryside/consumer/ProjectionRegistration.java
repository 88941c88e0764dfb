package io.agentshop.queryside.consumer;

import javax.sql.DataSource;

/** A projection and the database it writes to (its offsets and applied event ids live there too). */
public record ProjectionRegistration(Projection projection, DataSource dataSource) {
}
