package io.agentshop.commandside.infrastructure.axon;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.util.List;

/**
 * Axon's JDBC engine, timing each append of a unit of work's events ({@code agentshop.eventstore.append}): the
 * INSERTs inside the command's transaction, before its commit.
 */
public class TimedEventStorageEngine extends JdbcEventStorageEngine {

    private final Timer appends;

    public TimedEventStorageEngine(JdbcEventStorageEngine.Builder builder, MeterRegistry meters) {
        super(builder);
        this.appends = Timer.builder("agentshop.eventstore.append")
                .description("appending one unit of work's events to the event store")
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        appends.record(() -> super.appendEvents(events));
    }
}
