package io.agentshop.queryside.consumer;

import org.apache.kafka.common.KafkaException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure is an outage: the database or the broker is out, not the record's doing, so the consumer waits and
 * tries again, skipping nothing. Told by the first SQLSTATE on the way when there is one (connection, resources,
 * operator intervention, system errors, and serialization failures or deadlocks, which a retry resolves), because
 * Spring files some record-bound limits under "resource failure" too ({@code 54000}: an index row too big for this one
 * record).
 */
final class Outages {

    private Outages() {
    }

    static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                        || state.startsWith("58") || state.startsWith("40");
            }
            if (cause instanceof CannotGetJdbcConnectionException || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException || cause instanceof KafkaException
                    || cause instanceof java.net.ConnectException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The innermost cause, as the reason a partition stopped. */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
