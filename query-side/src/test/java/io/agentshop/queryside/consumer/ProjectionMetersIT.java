package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.infra.testsupport.TestStacks;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.infrastructure.kafka.EventsTopicSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.agentshop.queryside.EventsOnKafka.envelope;
import static io.agentshop.queryside.EventsOnKafka.payload;
import static io.agentshop.queryside.EventsOnKafka.publish;
import static io.agentshop.queryside.EventsOnKafka.publishRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A projection's lag, applied and dead-letter meters, each consumer on a topic of its own with a registry of its own,
 * so the numbers are exact.
 */
class ProjectionMetersIT extends QuerySideIntegrationTest {

    @Autowired
    @Qualifier("readModelsDataSource")
    DataSource readModels;

    @Test
    void theLagIsWhatIsLeftOnTheTopicAfterEachPollAndComesBackToZeroOnceCaughtUp() throws Exception {
        String topic = freshTopic(1);
        int total = 1_500;
        publish(topic, IntStream.rangeClosed(1, total).mapToObj(ProjectionMetersIT::probe).toList());
        String name = "lag-" + topic;
        CountDownLatch release = new CountDownLatch(1);
        // Holds the poll that reaches event 600 until the test has seen the lag the consumer measured before it;
        // a poll returns at most 500 records, so at least one poll has been committed and measured by then.
        Projection holding = new Counting(name, 600, release);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProjectionConsumer consumer = consumer(topic, holding, meters);
        assertThat(lag(meters, name)).as("not measured before the consumer polled").isNaN();

        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> lag(meters, name) > 0);
            assertThat(lag(meters, name)).isLessThanOrEqualTo(total);
            release.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(meters, name) == total);
            await().atMost(Duration.ofSeconds(10)).until(() -> lag(meters, name) == 0);
        } finally {
            release.countDown();
            consumer.stop();
        }
        assertThat(lag(meters, name)).as("a stopped consumer measures nothing").isNaN();
    }

    @Test
    void appliedCountsEachCommittedEventOnceAndDeadLettersApart() {
        String topic = freshTopic(3);
        String name = "count-" + topic;
        ObjectNode first = probe(1);
        List<ObjectNode> events = new ArrayList<>(List.of(first, first.deepCopy()));
        IntStream.rangeClosed(2, 5).mapToObj(ProjectionMetersIT::probe).forEach(events::add);
        ObjectNode poison = probe(6);
        poison.put("type", "Poison");
        events.add(poison);
        events.add(probe(7));
        // One key, one partition: the poison shares its poll with good events, which roll back with it once.
        events.forEach(event -> event.put("aggregateId", "same-key"));
        publishRaw(topic, "same-key", "{not json".getBytes(StandardCharsets.UTF_8));
        publish(topic, events);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProjectionConsumer consumer = consumer(topic, new Counting(name, 0, null), meters);

        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(meters, name) >= 6
                    && meters.counter(ProjectionMeters.DEAD_LETTERS, "projection", name).count() >= 2);
        } finally {
            consumer.stop();
        }
        assertThat(applied(meters, name)).as("1 to 5 and 7, the redelivered 1 skipped, each counted once although"
                + " the poll with the poison rolled back").isEqualTo(6);
        assertThat(meters.counter(ProjectionMeters.DEAD_LETTERS, "projection", name).count())
                .as("the unreadable record and the poison").isEqualTo(2);
        assertThat(meters.counter("agentshop.consumer.events", "consumer", name, "outcome", "duplicate").count())
                .isEqualTo(1);
        assertThat(meters.counter("agentshop.consumer.events", "consumer", name, "outcome", "applied").count())
                .isEqualTo(6);
    }

    @Test
    void aConsumerStartedAgainAfterAPauseReportsToTheSameMeters() {
        String topic = freshTopic(3);
        String name = "pause-" + topic;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProjectionConsumers consumers = new ProjectionConsumers(
                List.of(new ProjectionRegistration(new Counting(name, 0, null), readModels)),
                new EventsTopicSettings(TestStacks.shared().bootstrapServers(), topic), new ObjectMapper(), meters,
                ObservationRegistry.NOOP, true);
        publish(topic, IntStream.rangeClosed(1, 4).mapToObj(ProjectionMetersIT::probe).toList());
        consumers.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(meters, name) == 4 && lag(meters, name) == 0);
            assertThat(consumers.pause(name)).isTrue();
            assertThat(lag(meters, name)).isNaN();
            publish(topic, IntStream.rangeClosed(5, 7).mapToObj(ProjectionMetersIT::probe).toList());
            consumers.resume(name);

            await().atMost(Duration.ofSeconds(30)).until(() -> applied(meters, name) == 7 && lag(meters, name) == 0);
        } finally {
            consumers.stop();
        }
        assertThat(meters.find(ProjectionMeters.LAG).gauges()).hasSize(1);
    }

    @Test
    void anEventTheProjectionDoesNotConcernIsCountedButNeitherAppliedNorRecorded() {
        String topic = freshTopic(1);
        String name = "choosy-" + topic;
        List<ObjectNode> events = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            ObjectNode event = probe(n);
            if (n % 2 == 0) {
                event.put("type", "Other");
            }
            events.add(event);
        }
        publish(topic, events);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Counting probesOnly = new Counting(name, 0, null) {
            @Override
            public boolean concerns(Envelope envelope) {
                return "Probe".equals(envelope.type());
            }
        };
        ProjectionConsumer consumer = consumer(topic, probesOnly, meters);

        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(meters, name) == 6);
        } finally {
            consumer.stop();
        }
        assertThat(probesOnly.applied.get()).isEqualTo(3);
        assertThat(meters.counter("agentshop.consumer.events", "consumer", name, "outcome", "not_relevant").count())
                .isEqualTo(3);
        assertThat(new JdbcTemplate(readModels).queryForList("SELECT event_id FROM applied_events WHERE consumer = ?",
                String.class, name)).containsExactlyInAnyOrderElementsOf(events.stream()
                .filter(event -> "Probe".equals(event.path("type").asText()))
                .map(event -> event.path("eventId").asText()).toList());
    }

    private ProjectionConsumer consumer(String topic, Projection projection, MeterRegistry meters) {
        return ProjectionConsumer.standalone(projection, readModels, TestStacks.shared().bootstrapServers(), topic,
                new ObjectMapper(), meters);
    }

    private static double lag(MeterRegistry meters, String name) {
        return meters.get(ProjectionMeters.LAG).tag("projection", name).gauge().value();
    }

    private static double applied(MeterRegistry meters, String name) {
        return meters.get(ProjectionMeters.APPLIED).tag("projection", name).counter().count();
    }

    private static String freshTopic(int partitions) {
        String topic = "meters-" + UUID.randomUUID().toString().substring(0, 8);
        TestStacks.shared().topic(topic, partitions);
        return topic;
    }

    private static ObjectNode probe(int n) {
        return envelope("Probe", "Probe", "probe-" + (n % 5), n, "u", null, "test", payload(Map.of("n", n)));
    }

    /**
     * Applies every event (the bookkeeping records it); refuses a {@code Poison} event as a bug in the projection would;
     * waits for {@code release} at its {@code holdAt}-th event, if set.
     */
    private static class Counting implements Projection {

        private final String name;
        private final int holdAt;
        private final CountDownLatch release;
        private final AtomicInteger seen = new AtomicInteger();
        final AtomicInteger applied = new AtomicInteger();

        Counting(String name, int holdAt, CountDownLatch release) {
            this.name = name;
            this.holdAt = holdAt;
            this.release = release;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Outcome apply(Envelope envelope, JdbcTemplate tx) {
            if ("Poison".equals(envelope.type())) {
                throw new IllegalArgumentException("cannot apply " + envelope.eventId());
            }
            if (holdAt > 0 && seen.incrementAndGet() == holdAt) {
                try {
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            applied.incrementAndGet();
            return Outcome.APPLIED;
        }
    }
}
