package io.agentshop.queryside.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.queryside.EventsOnKafka;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecordHash;
import io.agentshop.queryside.audit.record.AuditRecords;
import io.agentshop.queryside.audit.record.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AuditTrailTest extends QuerySideIntegrationTest {

    @Autowired
    AuditRecords records;

    @Autowired
    @Qualifier("auditJdbc")
    JdbcTemplate auditJdbc;

    @Test
    void anAcceptedEventBecomesOneRecordOfWhoDidWhatForWhom() {
        String user = AuditTrailFixtures.freshUser();
        ObjectNode placed = AuditTrailFixtures.ordersPlaced(user, 1).get(0);
        ((ObjectNode) placed.get("actor")).putArray("actorChain").add("agent-7").add("orchestrator-1");
        AuditTrailFixtures.publish(List.of(placed));

        AuditRecord record = AuditTrailFixtures.awaitRecords(records, user, 1).get(0);

        assertThat(record.eventId()).isEqualTo(placed.get("eventId").asText());
        assertThat(record.userId()).isEqualTo(user);
        assertThat(record.agentId()).isEqualTo("agent-7");
        assertThat(record.action()).isEqualTo("place_order");
        assertThat(record.eventType()).isEqualTo("OrderPlaced");
        assertThat(record.outcome()).isEqualTo("accepted");
        assertThat(record.reasonCode()).isNull();
        assertThat(record.targetType()).isEqualTo("Order");
        assertThat(record.targetId()).isEqualTo(placed.get("aggregateId").asText());
        assertThat(record.actorChain()).hasSize(2);
        assertThat(record.actor().get("userId").asText()).isEqualTo(user);
        assertThat(record.envelope().get("eventId").asText()).isEqualTo(record.eventId());
        assertThat(record.payloadDigest()).isEqualTo(AuditRecordHash.digest(CanonicalJson.write(placed.get("payload"))));
        assertThat(AuditRecordHash.of(record)).isEqualTo(record.hash());
        AuditRecord previous = records.bySeq(record.seq() - 1).orElse(null);
        assertThat(record.prevHash()).isEqualTo(previous == null ? AuditRecordHash.GENESIS : previous.hash());
    }

    @Test
    void aRefusedCommandBecomesARefusedRecordWithItsReason() {
        String user = AuditTrailFixtures.freshUser();
        String order = "order-" + UUID.randomUUID();
        ObjectNode rejected = EventsOnKafka.envelope("CommandRejected", "Order", order, 0, user, "agent-9",
                "cancel_order", EventsOnKafka.payload(Map.of("commandType", "CancelOrder", "reason", "NOT_YOUR_ORDER",
                        "sentence", "This order belongs to someone else.", "targetId", order, "targetType", "Order")));
        AuditTrailFixtures.publish(List.of(rejected));

        AuditRecord record = AuditTrailFixtures.awaitRecords(records, user, 1).get(0);

        assertThat(record.outcome()).isEqualTo("refused");
        assertThat(record.reasonCode()).isEqualTo("NOT_YOUR_ORDER");
        assertThat(record.action()).isEqualTo("cancel_order");
        assertThat(record.eventType()).isEqualTo("CommandRejected");
        assertThat(record.agentId()).isEqualTo("agent-9");
        assertThat(record.targetType()).isEqualTo("Order");
        assertThat(record.targetId()).isEqualTo(order);
    }

    @Test
    void anEventWithoutAToolIsRecordedUnderItsType() {
        String user = AuditTrailFixtures.freshUser();
        ObjectNode opened = EventsOnKafka.envelope("AccountOpened", "Account", user, 0, user, null, null,
                EventsOnKafka.payload(Map.of("userId", user)));
        AuditTrailFixtures.publish(List.of(opened));

        AuditRecord record = AuditTrailFixtures.awaitRecords(records, user, 1).get(0);

        assertThat(record.action()).isEqualTo("AccountOpened");
        assertThat(record.agentId()).isNull();
    }

    @Test
    void theSameEventDeliveredTwiceIsRecordedOnce() {
        String user = AuditTrailFixtures.freshUser();
        List<ObjectNode> two = AuditTrailFixtures.ordersPlaced(user, 2);
        ObjectNode first = two.get(0);
        AuditTrailFixtures.publish(List.of(first, first.deepCopy(), two.get(1)));
        AuditTrailFixtures.publish(List.of(first.deepCopy()));

        AuditTrailFixtures.awaitRecords(records, user, 2);
        // The second copy was sent after the last distinct event; once that one is in, wait for the copy to be read.
        String marker = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(marker, 1).stream()
                .peek(e -> e.put("aggregateId", first.get("aggregateId").asText())).toList());
        AuditTrailFixtures.awaitRecords(records, marker, 1);

        assertThat(auditJdbc.queryForObject("SELECT count(*) FROM audit_records WHERE event_id = ?", Long.class,
                first.get("eventId").asText())).isEqualTo(1);
        assertThat(auditJdbc.queryForObject("SELECT count(*) FROM audit_records WHERE user_id = ?", Long.class, user))
                .isEqualTo(2);
    }

    @Test
    void seqsAreContiguousAndEveryRecordLinksToTheOneBefore() {
        String user = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 5));
        AuditTrailFixtures.awaitRecords(records, user, 5);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Long max = auditJdbc.queryForObject("SELECT max(seq) FROM audit_records", Long.class);
            assertThat(auditJdbc.queryForObject("SELECT count(*) FROM audit_records", Long.class)).isEqualTo(max);
            assertThat(auditJdbc.queryForObject("""
                    SELECT count(*) FROM audit_records r JOIN audit_records p ON p.seq = r.seq - 1
                    WHERE r.prev_hash <> p.hash""", Long.class)).isZero();
        });
    }
}
