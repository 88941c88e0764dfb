package io.agentshop.queryside.consumer;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * The operator's side of a stopped partition: what is stopped, and clearing it once the cause is fixed. A cleared
 * stall is picked up by the running consumer within seconds, which then tries the record again (and stops again if
 * the cause is still there). Works on the stalls of both databases: the read models' and the audit store's.
 */
public final class StalledPartitions {

    private final List<JdbcTemplate> databases;

    public StalledPartitions(List<JdbcTemplate> databases) {
        this.databases = List.copyOf(databases);
    }

    /** Clears the stalls of this projection (null: any) and partition (null: any); answers what was cleared. */
    public List<String> clear(String projection, Integer partition) {
        List<String> cleared = new ArrayList<>();
        for (JdbcTemplate database : databases) {
            database.query("DELETE FROM consumer_stalls WHERE (?::text IS NULL OR consumer = ?)"
                            + " AND (?::integer IS NULL OR partition = ?)"
                            + " RETURNING consumer, topic, partition, record_offset, reason",
                    rows -> {
                        cleared.add(rows.getString(1) + " " + rows.getString(2) + "/" + rows.getInt(3) + " at offset "
                                + rows.getLong(4) + " (" + rows.getString(5) + ")");
                    }, projection, projection, partition, partition);
        }
        return cleared;
    }
}
