package io.agentshop.commandside.infrastructure.axon;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where an aggregate's last stored event sits in the event store's global stream: the consistency token a caller
 * hands to the query side to read its own write ({@code minPosition}). Asked after the command's transaction has
 * committed, so the answer covers everything the command stored.
 */
public class StoredPositions {

    private final JdbcTemplate jdbc;
    private final String query;

    /** {@code schema}: the event store engine's own, so the names are the tables Axon writes. */
    public StoredPositions(JdbcTemplate jdbc, EventSchema schema) {
        this.jdbc = jdbc;
        this.query = "SELECT max(" + schema.globalIndexColumn() + ") FROM " + schema.domainEventTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " = ?";
    }

    /** The global position of the aggregate's last event, or 0 when it has none. */
    public long lastPositionOf(String aggregateId) {
        Long position = jdbc.queryForObject(query, Long.class, aggregateId);
        return position == null ? 0 : position;
    }
}
