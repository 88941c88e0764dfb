package io.agentshop.commandside.infrastructure.axon;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where an aggregate's last stored event sits in the event store's global stream: the consistency token a caller
 * hands to the query side to read its own write ({@code minPosition}). Asked after the command's transaction has
 * committed, so the answer covers everything the command stored.
 */
public class StoredPositions {

    private final JdbcTemplate jdbc;

    public StoredPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The global position of the aggregate's last event, or 0 when it has none. */
    public long lastPositionOf(String aggregateId) {
        Long position = jdbc.queryForObject(
                "SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class,
                aggregateId);
        return position == null ? 0 : position;
    }
}
