package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.testsupport.RealStack;
import io.agentshop.infra.testsupport.TestStacks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's reads of the global stream on a real PostgreSQL: a stream ends after a batch that is not full, and
 * a reader that asks again from its last token gets every stored event once, across full batches and a gap wider than
 * a batch. Each test has tables of its own; Axon's engine runs one query per connection, so connections count queries.
 */
@RealStack
class ShopEventStorageEngineIT {

    private static final int BATCH = 10;
    private static final AtomicInteger TABLES = new AtomicInteger();

    private final AtomicInteger queries = new AtomicInteger();
    private EventSchema schema;
    private PGSimpleDataSource database;
    private ShopEventStorageEngine engine;

    @BeforeEach
    void freshTables() {
        DatabaseLogin login = TestStacks.shared().database("engine_reads");
        database = new PGSimpleDataSource();
        database.setUrl(login.jdbcUrl());
        database.setUser(login.username());
        database.setPassword(login.password());
        int n = TABLES.incrementAndGet();
        schema = EventSchema.builder().eventTable("events_" + n).snapshotTable("snapshots_" + n).build();
        JacksonSerializer json = JacksonSerializer.defaultSerializer();
        engine = new ShopEventStorageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(() -> {
                    queries.incrementAndGet();
                    return database.getConnection();
                })
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(json)
                .snapshotSerializer(json)
                .schema(schema)
                .batchSize(BATCH), new SimpleMeterRegistry());
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
    }

    @Test
    void aReadAtTheHeadThatFindsLessThanABatchIsOneQuery() {
        store("order-1", 3);
        queries.set(0);

        assertThat(read(null)).hasSize(3);

        // Axon's own engine asks again until a batch is empty, and an empty batch runs its gap check too: 3 queries.
        assertThat(queries).hasValue(1);
    }

    @Test
    void aReadAtTheHeadThatFindsNothingStillLooksBeyondTheWindow() {
        store("order-1", 3);
        TrackingToken head = last(read(null));
        queries.set(0);

        assertThat(read(head)).isEmpty();

        assertThat(queries).as("the window's query and the gap check beyond it").hasValue(2);
    }

    @Test
    void readingAgainFromTheLastTokenGetsEveryEventOnceAcrossFullBatchesAndAGapWiderThanABatch() throws SQLException {
        store("order-1", 100);
        // Positions 21..40 never commit: a gap twice the batch, as a run of rolled-back appends leaves it.
        try (Connection connection = database.getConnection()) {
            connection.createStatement().executeUpdate("DELETE FROM " + schema.domainEventTable()
                    + " WHERE " + schema.globalIndexColumn() + " BETWEEN 21 AND 40");
        }
        store("order-2", 7);

        List<Object> seen = new ArrayList<>();
        TrackingToken token = null;
        int reads = 0;
        for (List<TrackedEventMessage<?>> batch = read(token); !batch.isEmpty(); batch = read(token)) {
            batch.forEach(event -> seen.add(event.getPayload()));
            token = last(batch);
            reads++;
        }

        List<Object> expected = new ArrayList<>();
        IntStream.range(0, 100).filter(i -> i < 20 || i >= 40).forEach(i -> expected.add("order-1 #" + i));
        IntStream.range(0, 7).forEach(i -> expected.add("order-2 #" + i));
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(reads).as("the stream ends where a batch was not full, and the reader asks again").isGreaterThan(1);
    }

    @Test
    void eventsStoredAfterAReadEndedAreReadFromItsLastToken() {
        store("order-1", 4);
        TrackingToken token = last(read(null));

        store("order-1", 4, 4);

        assertThat(read(token).stream().map(event -> (Object) event.getPayload()).toList()).containsExactly("order-1 #4", "order-1 #5", "order-1 #6", "order-1 #7");
    }

    private void store(String aggregate, int count) {
        store(aggregate, 0, count);
    }

    private void store(String aggregate, int first, int count) {
        engine.appendEvents(IntStream.range(first, first + count)
                .mapToObj(i -> new GenericDomainEventMessage<>("Order", aggregate, i, aggregate + " #" + i))
                .toList());
    }

    private List<TrackedEventMessage<?>> read(TrackingToken after) {
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(after, false)) {
            return stream.<TrackedEventMessage<?>>map(event -> event).toList();
        }
    }

    private static TrackingToken last(List<TrackedEventMessage<?>> events) {
        return events.getLast().trackingToken();
    }
}
