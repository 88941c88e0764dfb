package io.agentshop.queryside.readmodel.api;

import io.agentshop.queryside.readmodel.ReadModelCommits;
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
    private final ReadModelCommits commits;

    public ReadConsistency(JdbcTemplate readModelsJdbc, ReadsSettings settings, ReadModelCommits commits) {
        this.jdbc = readModelsJdbc;
        this.settings = settings;
        this.commits = commits;
    }

    /**
     * Waits until {@code positionQuery} (one bind parameter, the key) yields at least {@code requested}; returns the
     * row's position at the end of the wait, empty when the row does not exist (yet).
     */
    public OptionalLong await(String positionQuery, Object key, Long requested) {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (true) {
            long generation = commits.generation();
            List<Long> positions = jdbc.queryForList(positionQuery, Long.class, key);
            OptionalLong position = positions.isEmpty() ? OptionalLong.empty() : OptionalLong.of(positions.get(0));
            boolean caughtUp = requested == null || (position.isPresent() && position.getAsLong() >= requested);
            if (caughtUp || System.nanoTime() >= deadline) {
                return position;
            }
            // Woken by this node's next read-model commit; the poll interval covers an event applied by another node
            // (which consumes other partitions). Either way the row is looked at again, bounded by maxWait.
            try {
                commits.awaitCommitAfter(generation, settings.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return position;
            }
        }
    }
}
