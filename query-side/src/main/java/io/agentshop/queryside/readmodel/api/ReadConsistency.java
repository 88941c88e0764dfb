package io.agentshop.queryside.readmodel.api;

import io.agentshop.queryside.readmodel.ReadsSettings;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.OptionalLong;

/**
 * Read-your-writes: a caller that passes the global position of its last write waits (bounded) until the row it
 * reads has reached that position. After the wait it is told plainly whether the answer is stale.
 */
@Component
public class ReadConsistency {

    private final JdbcTemplate jdbc;
    private final ReadsSettings settings;

    public ReadConsistency(JdbcTemplate readModelsJdbc, ReadsSettings settings) {
        this.jdbc = readModelsJdbc;
        this.settings = settings;
    }

    /**
     * Waits until {@code positionQuery} (one bind parameter, the key) yields at least {@code requested}; returns the
     * row's position at the end of the wait, empty when the row does not exist (yet).
     */
    public OptionalLong await(String positionQuery, Object key, Long requested) {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (true) {
            List<Long> positions = jdbc.queryForList(positionQuery, Long.class, key);
            OptionalLong position = positions.isEmpty() ? OptionalLong.empty() : OptionalLong.of(positions.get(0));
            boolean caughtUp = requested == null || (position.isPresent() && position.getAsLong() >= requested);
            if (caughtUp || System.nanoTime() >= deadline) {
                return position;
            }
            // Polling the one row is cheap and bounded by maxWait; the projection commits in other transactions, so
            // there is nothing in this process to wait on instead.
            try {
                Thread.sleep(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return position;
            }
        }
    }
}
