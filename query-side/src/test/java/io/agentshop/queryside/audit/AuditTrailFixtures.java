package io.agentshop.queryside.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.testsupport.TestStacks;
import io.agentshop.queryside.EventsOnKafka;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecordFilter;
import io.agentshop.queryside.audit.record.AuditRecords;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Publishes a fresh user's orders and waits until the audit store has recorded them. */
final class AuditTrailFixtures {

    private AuditTrailFixtures() {
    }

    static String freshUser() {
        return "user-" + UUID.randomUUID();
    }

    /** {@code count} OrderPlaced events of one fresh order of {@code user}, placed by an agent through a tool. */
    static List<ObjectNode> ordersPlaced(String user, int count) {
        String order = "order-" + UUID.randomUUID();
        List<ObjectNode> envelopes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            envelopes.add(EventsOnKafka.envelope("OrderPlaced", "Order", order, i, user, "agent-7", "place_order",
                    EventsOnKafka.payload(Map.of("orderId", order, "line", i, "totalMinor", 1299))));
        }
        return envelopes;
    }

    /** A W3C trace id (32 lowercase hex digits) no other test uses. */
    static String freshTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The envelopes with this trace id in their actor, as the edge writes it. */
    static List<ObjectNode> withTraceId(List<ObjectNode> envelopes, String traceId) {
        envelopes.forEach(envelope -> ((ObjectNode) envelope.get("actor")).put("traceId", traceId));
        return envelopes;
    }

    static void publishTo(String topic, List<ObjectNode> envelopes) {
        EventsOnKafka.publish(topic, envelopes);
    }

    static void publish(List<ObjectNode> envelopes) {
        EventsOnKafka.publish(QuerySideIntegrationTest.TOPIC, envelopes);
    }

    /** Waits until {@code user} has {@code count} records and returns them in seq order. */
    static List<AuditRecord> awaitRecords(AuditRecords records, String user, int count) {
        AuditRecordFilter byUser = AuditRecordFilter.ofUser(user);
        await().atMost(Duration.ofSeconds(60)).until(() -> records.page(byUser, 0, 500).size() >= count);
        return records.page(byUser, 0, 500);
    }

    /** What a tamperer would use: the superuser, who can switch the append-only trigger off. */
    static DatabaseLogin superuser() {
        DatabaseLogin owner = TestStacks.shared().database(QuerySideIntegrationTest.AUDIT);
        return new DatabaseLogin(owner.jdbcUrl(), "postgres", "");
    }

    /** What a tamperer does: as the superuser, with the append-only trigger off for just these statements. */
    static void tamper(String... statements) throws SQLException {
        try (Connection connection = superuser().connect()) {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                sql.execute("ALTER TABLE audit_records DISABLE TRIGGER ALL");
                for (String statement : statements) {
                    sql.execute(statement);
                }
                sql.execute("ALTER TABLE audit_records ENABLE TRIGGER ALL");
            }
            connection.commit();
        }
    }
}
