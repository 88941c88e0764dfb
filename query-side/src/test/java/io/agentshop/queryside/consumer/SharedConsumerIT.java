package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.infra.testsupport.TestStacks;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.events.Envelope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static io.agentshop.queryside.EventsOnKafka.envelope;
import static io.agentshop.queryside.EventsOnKafka.payload;
import static io.agentshop.queryside.EventsOnKafka.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One consumer feeding several projections (as the three read models share one): each record is applied once to
 * each projection, from wherever each stands, and a projection stopped at a record holds up no other.
 */
class SharedConsumerIT extends QuerySideIntegrationTest {

    @Autowired
    @Qualifier("readModelsDataSource")
    DataSource readModels;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void table() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS shared_applied (seq BIGSERIAL PRIMARY KEY, consumer TEXT, event_id TEXT)");
    }

    @Test
    void projectionsStandingAtDifferentOffsetsEachApplyEveryRecordOnce() {
        String topic = freshTopic();
        List<ObjectNode> first = probes(0, 30);
        List<ObjectNode> second = probes(30, 60);
        publish(topic, first);
        Recording ahead = new Recording("ahead-" + topic, null);
        ProjectionConsumer alone = ProjectionConsumer.standalone(ahead, readModels,
                TestStacks.shared().bootstrapServers(), topic, new ObjectMapper(), new SimpleMeterRegistry());
        alone.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> applied(ahead.name()).size() == 30);
        } finally {
            alone.stop();
        }
        publish(topic, second);

        Recording fresh = new Recording("fresh-" + topic, null);
        ProjectionConsumer shared = shared(topic, ahead, fresh);
        shared.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(fresh.name()).size() == 60
                    && applied(ahead.name()).size() == 60);
        } finally {
            shared.stop();
        }
        assertThat(applied(fresh.name())).as("the new projection from the topic's beginning, each record once")
                .doesNotHaveDuplicates().hasSize(60);
        assertThat(applied(ahead.name())).as("the other went on from its own offsets").doesNotHaveDuplicates();
        assertThat(shared.storedOffsets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60);
    }

    @Test
    void aProjectionStoppedAtARecordHoldsUpNoOtherAndCatchesUpInOrderOnceCleared() {
        String topic = freshTopic();
        List<ObjectNode> stream = IntStream.range(0, 4).mapToObj(i -> envelope("Probe", "Probe", "one-key", i, "u",
                null, "test", payload(Map.of("n", i)))).toList();
        String poisoned = stream.get(1).path("eventId").asText();
        Recording stopping = new Recording("stopping-" + topic, poisoned);
        Recording going = new Recording("going-" + topic, null);
        publish(topic, stream);
        List<String> ids = stream.stream().map(event -> event.path("eventId").asText()).toList();

        ProjectionConsumer shared = shared(topic, stopping, going);
        shared.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !shared.stalls().isEmpty());
            assertThat(shared.stalls()).singleElement().satisfies(stall -> {
                assertThat(stall.projection()).isEqualTo(stopping.name());
                assertThat(stall.reason()).contains("refused for this test");
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> applied(going.name()).size() == 4);
            assertThat(applied(going.name())).as("the other projection of the consumer went on").isEqualTo(ids);
            assertThat(applied(stopping.name())).as("nothing after the refused record").isEqualTo(ids.subList(0, 1));

            stopping.refused.remove(poisoned);
            new StalledPartitions(List.of(jdbc)).clear(stopping.name(), null);
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(stopping.name()).size() == 4);
        } finally {
            shared.stop();
        }
        assertThat(applied(stopping.name())).as("from its record on, in order").isEqualTo(ids);
        assertThat(applied(going.name())).as("read again for the other, applied once").isEqualTo(ids);
    }

    private ProjectionConsumer shared(String topic, Projection... projections) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new ProjectionConsumer(java.util.Arrays.stream(projections).map(projection -> new Fed(projection,
                ProjectionMeters.register(meters, projection.name()), () -> { })).toList(), readModels,
                TestStacks.shared().bootstrapServers(), topic, new ObjectMapper(), meters,
                new ConsumerOptions("shared-" + topic, ObservationRegistry.NOOP));
    }

    private List<String> applied(String consumer) {
        return jdbc.queryForList("SELECT event_id FROM shared_applied WHERE consumer = ? ORDER BY seq", String.class,
                consumer);
    }

    private static List<ObjectNode> probes(int from, int to) {
        return IntStream.range(from, to).mapToObj(n -> envelope("Probe", "Probe", "probe-" + (n % 5), n, "u", null,
                "test", payload(Map.of("n", n)))).toList();
    }

    private static String freshTopic() {
        String topic = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        TestStacks.shared().topic(topic, 3);
        return topic;
    }

    /** Records every event it applies, in order; refuses one (while it is in {@link #refused}) as a broken store would. */
    private static final class Recording implements Projection {

        final Set<String> refused = ConcurrentHashMap.newKeySet();
        private final String name;

        Recording(String name, String refuse) {
            this.name = name;
            if (refuse != null) {
                refused.add(refuse);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean mayDeadLetter() {
            return false;
        }

        @Override
        public Outcome apply(Envelope envelope, JdbcTemplate tx) {
            if (refused.contains(envelope.eventId())) {
                throw new IllegalStateException("record " + envelope.eventId() + " refused for this test");
            }
            tx.update("INSERT INTO shared_applied (consumer, event_id) VALUES (?, ?)", name, envelope.eventId());
            return Outcome.APPLIED;
        }
    }
}
