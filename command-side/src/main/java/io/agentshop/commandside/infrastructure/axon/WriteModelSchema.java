package io.agentshop.commandside.infrastructure.axon;

import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Creates the write model's tables when they are missing, before any processor or scheduler starts: Axon's event
 * and token tables from its own PostgreSQL factories, and db-scheduler's table for durable deadlines. Every
 * statement is idempotent, so several edge nodes may start at once.
 */
public final class WriteModelSchema implements InitializingBean {

    /** db-scheduler's PostgreSQL table, as its documentation gives it. */
    static final String SCHEDULED_TASKS = """
            CREATE TABLE IF NOT EXISTS scheduled_tasks (
                task_name            TEXT                     NOT NULL,
                task_instance        TEXT                     NOT NULL,
                task_data            BYTEA,
                execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
                picked               BOOLEAN                  NOT NULL,
                picked_by            TEXT,
                last_success         TIMESTAMP WITH TIME ZONE,
                last_failure         TIMESTAMP WITH TIME ZONE,
                consecutive_failures INT,
                last_heartbeat       TIMESTAMP WITH TIME ZONE,
                version              BIGINT                   NOT NULL,
                priority             SMALLINT,
                PRIMARY KEY (task_name, task_instance)
            );
            CREATE INDEX IF NOT EXISTS execution_time_idx ON scheduled_tasks (execution_time);
            CREATE INDEX IF NOT EXISTS last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
            CREATE INDEX IF NOT EXISTS priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
            """;

    private final EventStorageEngine eventStorageEngine;
    private final TokenStore tokenStore;
    private final JdbcTemplate jdbc;

    public WriteModelSchema(EventStorageEngine eventStorageEngine, TokenStore tokenStore, JdbcTemplate jdbc) {
        this.eventStorageEngine = eventStorageEngine;
        this.tokenStore = tokenStore;
        this.jdbc = jdbc;
    }

    @Override
    public void afterPropertiesSet() {
        if (eventStorageEngine instanceof JdbcEventStorageEngine events) {
            events.createSchema(PostgresEventTableFactory.INSTANCE);
        }
        if (tokenStore instanceof JdbcTokenStore tokens) {
            tokens.createSchema(PostgresTokenTableFactory.INSTANCE);
        }
        jdbc.execute(SCHEDULED_TASKS);
    }
}
