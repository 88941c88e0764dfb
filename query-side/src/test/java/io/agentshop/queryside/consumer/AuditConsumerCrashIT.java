package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.infra.testsupport.TestStacks;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.audit.record.AuditTrail;
import io.agentshop.queryside.events.Envelope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.agentshop.queryside.EventsOnKafka.envelope;
import static io.agentshop.queryside.EventsOnKafka.payload;
import static io.agentshop.queryside.EventsOnKafka.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The audit store under the same crash as the read models: killed mid-batch, restarted, no gap and no duplicate. */
class AuditConsumerCrashIT extends QuerySideIntegrationTest {

    @Autowired
    @Qualifier("auditDataSource")
    DataSource auditDataSource;

    @Autowired
    @Qualifier("auditJdbc")
    JdbcTemplate audit;


    @Autowired
    Clock clock;

    @Test
    void anAuditConsumerKilledInTheMiddleOfABatchLeavesAnIntactChainWithEveryEventOnce() {
        String topic = "audit-crash-" + UUID.randomUUID().toString().substring(0, 8);
        TestStacks.shared().topic(topic, 3);
        String target = "crash-target-" + UUID.randomUUID();
        List<ObjectNode> events = IntStream.range(0, 40).mapToObj(i -> envelope("OrderConfirmed", "Order",
                target + "-" + (i % 4), i, "u", "agent-1", "place_order", payload(Map.of("orderId", target)))).toList();
        publish(topic, events);
        List<String> eventIds = events.stream().map(e -> e.path("eventId").asText()).toList();

        ProjectionConsumer doomed = consumer(topic, new CrashingAuditTrail(topic, 15));
        doomed.start();
        // The simulated kill ends the consumer's thread with an uncaught Error, as intended: not a test failure.
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20))
                .until(() -> CrashingAuditTrail.crashes > 0);
        doomed.stop();

        ProjectionConsumer restarted = consumer(topic, new CrashingAuditTrail(topic, 0));
        restarted.start();
        try {
            // stop() returns once the doomed loop has ended, a moment before its Error leaves the thread: that
            // death may still be reported while this waits, and is not a failure either.
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> recorded(eventIds) == 40);
        } finally {
            restarted.stop();
        }
        assertThat(audit.queryForObject("SELECT count(DISTINCT event_id) FROM audit_records WHERE target_id LIKE ?",
                Integer.class, target + "%")).isEqualTo(40);
        assertThat(verifyAudit().intact()).as("the chain is whole after the crash").isTrue();
    }

    private int recorded(List<String> eventIds) {
        return audit.queryForObject("SELECT count(*) FROM audit_records WHERE event_id = ANY (?)", Integer.class,
                (Object) eventIds.toArray(new String[0]));
    }

    private ProjectionConsumer consumer(String topic, Projection projection) {
        return ProjectionConsumer.standalone(projection, auditDataSource, TestStacks.shared().bootstrapServers(), topic,
                new ObjectMapper(), new SimpleMeterRegistry());
    }

    /**
     * The real audit trail under a consumer name of its own; dies like a killed process at its n-th event, after the
     * events of its poll before it were appended in the open transaction.
     */
    final class CrashingAuditTrail implements Projection {

        static volatile int crashes;
        private final AuditTrail trail = new AuditTrail(clock);
        private final String name;
        private final int crashAt;
        private int seen;

        CrashingAuditTrail(String topic, int crashAt) {
            this.name = "audit-" + topic;
            this.crashAt = crashAt;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Outcome apply(Envelope envelope, JdbcTemplate tx) {
            if (crashAt > 0 && ++seen == crashAt) {
                crashes++;
                throw new ConsumerGuaranteesIT.SimulatedCrash();
            }
            return trail.apply(envelope, tx);
        }

        /** The real trail's batch: the records before the n-th appended in the transaction, then the kill. */
        @Override
        public List<Outcome> apply(List<Envelope> events, JdbcTemplate tx) {
            if (crashAt > 0 && seen < crashAt && seen + events.size() >= crashAt) {
                trail.apply(events.subList(0, crashAt - seen - 1), tx);
                seen = crashAt;
                crashes++;
                throw new ConsumerGuaranteesIT.SimulatedCrash();
            }
            seen += events.size();
            return trail.apply(events, tx);
        }
    }
}
