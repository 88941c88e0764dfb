package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.infra.testsupport.TestStacks;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.Storable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.agentshop.queryside.EventsOnKafka.envelope;
import static io.agentshop.queryside.EventsOnKafka.payload;
import static io.agentshop.queryside.EventsOnKafka.publish;
import static io.agentshop.queryside.EventsOnKafka.publishRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly once per projection: redelivery, a crash in the middle of a batch, unreadable records and unknown types,
 * each on a topic of its own so the shared read models are untouched.
 */
class ConsumerGuaranteesIT extends QuerySideIntegrationTest {

    @Autowired
    @Qualifier("readModelsDataSource")
    DataSource readModels;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRecordDeliveredTwiceIsAppliedOnce() {
        String topic = freshTopic();
        jdbc.execute("CREATE TABLE IF NOT EXISTS probe_applied (consumer TEXT, event_id TEXT)");
        ObjectNode event = probe(1);
        publish(topic, List.of(event, event.deepCopy(), probe(2)));

        ProjectionConsumer consumer = consumer(topic, new ProbeProjection("twice-" + topic, 0));
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> count("twice-" + topic) == 2);
        } finally {
            consumer.stop();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM probe_applied WHERE consumer = ? AND event_id = ?",
                Integer.class, "twice-" + topic, event.path("eventId").asText())).isEqualTo(1);
    }

    /**
     * A poll's event ids go to the database as one array: no text of theirs may be read as array syntax or NULL, and a
     * NUL, which PostgreSQL's text cannot hold, fails nothing.
     */
    @Test
    void eventIdsOfAnyTextAreAppliedOnceEachWhenTheyArriveTogether() {
        String topic = freshTopic();
        jdbc.execute("CREATE TABLE IF NOT EXISTS probe_applied (consumer TEXT, event_id TEXT)");
        List<String> ids = List.of("NULL", "null", "a\"b", "c\\d", "e,f", "{g}", " h ", "ü-ñ", "'; DROP TABLE x; --",
                "nul\u0000byte");
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            ObjectNode event = probe(i);
            event.put("aggregateId", "one-partition");
            event.put("eventId", ids.get(i));
            events.add(event);
        }
        events.add(events.get(2).deepCopy());
        publish(topic, events);
        String name = "texts-" + topic;

        ProjectionConsumer consumer = consumer(topic, new ProbeProjection(name, 0));
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM consumer_offsets WHERE consumer = ? AND next_offset = ?", Integer.class,
                    name, events.size()) == 1);
        } finally {
            consumer.stop();
        }
        // A NUL is stored as U+FFFD, as every text of an envelope is (Storable).
        List<String> stored = ids.stream().map(Storable::text).toList();
        assertThat(stored).contains("nul\uFFFDbyte");
        assertThat(jdbc.queryForList("SELECT event_id FROM probe_applied WHERE consumer = ?", String.class, name))
                .containsExactlyInAnyOrderElementsOf(stored);
        assertThat(jdbc.queryForList("SELECT event_id FROM applied_events WHERE consumer = ?", String.class, name))
                .containsExactlyInAnyOrderElementsOf(stored);
    }

    @Test
    void aConsumerKilledInTheMiddleOfABatchResumesWithoutGapOrDuplicate() {
        String topic = freshTopic();
        jdbc.execute("CREATE TABLE IF NOT EXISTS probe_applied (consumer TEXT, event_id TEXT)");
        List<ObjectNode> events = IntStream.rangeClosed(1, 60).mapToObj(ConsumerGuaranteesIT::probe).toList();
        publish(topic, events);
        String name = "crash-" + topic;

        ProjectionConsumer doomed = consumer(topic, new ProbeProjection(name, 25));
        doomed.start();
        // The simulated kill ends the consumer's thread with an uncaught Error, as intended: not a test failure.
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20))
                .until(() -> !doomed.isRunning() || ProbeProjection.crashed.get() > 0);
        doomed.stop();
        int beforeRestart = count(name);
        assertThat(beforeRestart).as("the crashed batch rolled back whole").isLessThan(25);

        ProjectionConsumer restarted = consumer(topic, new ProbeProjection(name, 0));
        restarted.start();
        try {
            // stop() returns once the doomed loop has ended, a moment before its Error leaves the thread: that
            // death may still be reported while this waits, and is not a failure either.
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20)).until(() -> count(name) == 60);
        } finally {
            restarted.stop();
        }
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT event_id) FROM probe_applied WHERE consumer = ?",
                Integer.class, name)).isEqualTo(60);
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLettersAndTheNextRecordIsStillApplied() {
        String topic = freshTopic();
        jdbc.execute("CREATE TABLE IF NOT EXISTS probe_applied (consumer TEXT, event_id TEXT)");
        String name = "dead-" + topic;
        publishRaw(topic, "same-key", "{not json".getBytes(StandardCharsets.UTF_8));
        ObjectNode after = probe(1);
        after.put("aggregateId", "same-key");
        publish(topic, List.of(after));

        ProjectionConsumer consumer = consumer(topic, new ProbeProjection(name, 0));
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> count(name) == 1);
        } finally {
            consumer.stop();
        }
        assertThat(jdbc.queryForList("SELECT reason FROM dead_letters WHERE consumer = ?", String.class, name))
                .singleElement().asString().startsWith("not JSON");
    }

    @Test
    void aDatabaseFailureStopsThePartitionUntilFixedAndSkipsNothing() {
        String topic = freshTopic();
        String table = "probe_missing_" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode event = probe(1);
        publish(topic, List.of(event));
        String name = "broken-" + topic;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProjectionConsumer consumer = ProjectionConsumer.standalone(new Projection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Outcome apply(Envelope envelope, JdbcTemplate tx) {
                tx.update("INSERT INTO " + table + " (event_id) VALUES (?)", envelope.eventId());
                return Outcome.APPLIED;
            }
        }, readModels, TestStacks.shared().bootstrapServers(), topic, new ObjectMapper(), meters);
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    meters.counter("agentshop.consumer.failures", "consumer", name).count() >= 1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM consumer_offsets WHERE consumer = ?", Integer.class,
                    name)).as("the offset did not move past the event").isZero();
            jdbc.execute("CREATE TABLE " + table + " (event_id TEXT PRIMARY KEY)");
            await().atMost(Duration.ofSeconds(40)).until(() ->
                    jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class) == 1);
        } finally {
            consumer.stop();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letters WHERE consumer = ?", Integer.class, name))
                .as("a missing table is not the event's fault").isZero();
    }

    @Test
    void unknownTypesAndNewerSchemasAreToleratedAndCounted() {
        String topic = freshTopic();
        ObjectNode unknown = envelope("SomethingNew", "Gadget", "g-1", 0, "u", null, "tool", payload(Map.of("x", 1)));
        ObjectNode newer = envelope("OrderConfirmed", "Order", "o-9", 1, "u", null, "tool",
                payload(Map.of("orderId", "o-9")));
        newer.put("schemaVersion", 2);
        publish(topic, List.of(unknown, newer));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProjectionConsumer consumer = ProjectionConsumer.standalone(new io.agentshop.queryside.readmodel.OrdersProjectionForTests(),
                readModels, TestStacks.shared().bootstrapServers(), topic, new ObjectMapper(), meters);
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    meters.counter("agentshop.consumer.events", "consumer", "orders-tolerance", "outcome", "unknown_type")
                            .count() == 1
                            && meters.counter("agentshop.consumer.events", "consumer", "orders-tolerance", "outcome",
                            "newer_schema").count() == 1);
        } finally {
            consumer.stop();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letters WHERE consumer = 'orders-tolerance'",
                Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE order_id = 'o-9'", Integer.class)).isZero();
    }

    private ProjectionConsumer consumer(String topic, Projection projection) {
        return ProjectionConsumer.standalone(projection, readModels, TestStacks.shared().bootstrapServers(), topic,
                new ObjectMapper(), new SimpleMeterRegistry());
    }

    private int count(String consumer) {
        return jdbc.queryForObject("SELECT count(*) FROM probe_applied WHERE consumer = ?", Integer.class, consumer);
    }

    private static String freshTopic() {
        String topic = "guarantees-" + UUID.randomUUID().toString().substring(0, 8);
        TestStacks.shared().topic(topic, 3);
        return topic;
    }

    private static ObjectNode probe(int n) {
        return envelope("Probe", "Probe", "probe-" + (n % 5), n, "u", null, "test", payload(Map.of("n", n)));
    }

    /** Records every event it applies; dies like a killed process at its {@code crashAt}-th event, if set. */
    static final class ProbeProjection implements Projection {

        static final AtomicInteger crashed = new AtomicInteger();
        private final String name;
        private final int crashAt;
        private int seen;

        ProbeProjection(String name, int crashAt) {
            this.name = name;
            this.crashAt = crashAt;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Outcome apply(Envelope envelope, JdbcTemplate tx) {
            if (crashAt > 0 && ++seen == crashAt) {
                crashed.incrementAndGet();
                throw new SimulatedCrash();
            }
            tx.update("INSERT INTO probe_applied (consumer, event_id) VALUES (?, ?)", name, envelope.eventId());
            return Outcome.APPLIED;
        }
    }

    /** An Error, not an exception: nothing in the consumer may catch it, as nothing survives a kill -9. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }

}
