package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.queryside.QuerySideIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentshop.queryside.EventsOnKafka.envelope;
import static io.agentshop.queryside.EventsOnKafka.payload;
import static io.agentshop.queryside.EventsOnKafka.publish;
import static io.agentshop.queryside.EventsOnKafka.publishRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events an older build stored, with a NUL or half a surrogate pair in their text (JSON can spell both; PostgreSQL's
 * text and jsonb take neither), still reach every read model and the audit trail: the read models show U+FFFD where
 * the character could not be kept, the audit store keeps the record's exact bytes beside its searchable columns, and
 * the chain verifies. A record that is no envelope at all is kept by the audit store too.
 */
class PoisonedEventsIT extends QuerySideIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POISON = "a\u0000b\uD800c\uDFFF";
    private static final String SHOWN = "a\uFFFDb\uFFFDc\uFFFD";

    @Autowired
    @Qualifier("auditJdbc")
    JdbcTemplate audit;

    @Autowired
    @Qualifier("readModelsJdbc")
    JdbcTemplate readModels;


    @Test
    void eventsWithNulAndUnpairedSurrogatesReachEveryReadModelAndTheAuditTrailExactly() throws Exception {
        String userId = "poisoned-" + UUID.randomUUID();
        String orderId = UUID.randomUUID().toString();
        String sku = "POISON-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        List<ObjectNode> events = List.of(
                envelope("ProductAdded", "Product", sku, 0, "system", null, "seed-catalog", payload(Map.of(
                        "sku", sku, "name", "Mug " + POISON, "category", "kitchen", "family", "mug",
                        "variant", POISON, "price", money(1_250), "stock", 3))),
                envelope("AccountOpened", "Account", userId, 0, userId, null, "sign-in",
                        payload(Map.of("userId", userId, "mode", "ACTIVE"))),
                envelope("AccountModeChanged", "Account", userId, 1, "admin", null, "PUT /controls/admin/accounts",
                        payload(Map.of("userId", userId, "previousMode", "ACTIVE", "mode", "READ_ONLY",
                                "reason", "dispute " + POISON))),
                envelope("OrderPlaced", "Order", orderId, 0, userId, "agent-" + POISON, "place_order",
                        payload(Map.of("orderId", orderId, "userId", userId, "agentId", "agent-" + POISON,
                                "lines", List.of(Map.of("sku", sku, "name", "Mug " + POISON, "category", "kitchen",
                                        "quantity", 1, "unitPrice", money(1_250), "lineTotal", money(1_250))),
                                "total", money(1_250), "idempotencyKey", "key-" + POISON, "note", POISON,
                                "placedAt", Instant.now().toString()))),
                envelope("CommandRejected", "Order", "x" + POISON, 0, userId, "agent-1", "cancel_order",
                        payload(Map.of("commandType", "CancelOrderCommand", "targetType", "Order",
                                "targetId", "x" + POISON, "reason", "UNKNOWN_ORDER", "sentence", POISON))));
        publish(TOPIC, events);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode order = get("/orders/" + orderId);
            assertThat(order.path("note").asText()).isEqualTo(SHOWN);
            assertThat(order.path("agentId").asText()).isEqualTo("agent-" + SHOWN);
        });
        assertThat(get("/catalog/products/" + sku).path("name").asText()).isEqualTo("Mug " + SHOWN);
        assertThat(get("/accounts/" + userId).path("mode").asText()).isEqualTo("READ_ONLY");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(exactBytes(events)).hasSize(events.size()));
        Map<String, byte[]> kept = exactBytes(events);
        for (ObjectNode event : events) {
            assertThat(kept.get(event.path("eventId").asText())).as(event.path("type").asText())
                    .isEqualTo(JSON.writeValueAsBytes(event));
        }
        assertThat(audit.queryForObject("SELECT envelope -> 'payload' ->> 'note' FROM audit_records WHERE event_id = ?",
                String.class, events.get(3).path("eventId").asText())).isEqualTo(SHOWN);
        assertThat(audit.queryForObject("SELECT target_id FROM audit_records WHERE event_id = ?", String.class,
                events.get(4).path("eventId").asText())).isEqualTo("x" + SHOWN);
        assertThat(readModels.queryForObject("SELECT count(*) FROM dead_letters WHERE record_key IN (?, ?, ?)",
                Integer.class, sku, userId, orderId)).as("nothing set aside").isZero();
        assertThat(verifyAudit().intact()).isTrue();
    }

    @Test
    void aRecordThatIsNoEnvelopeAtAllIsKeptByTheAuditStoreExactly() throws Exception {
        String key = "unreadable-" + UUID.randomUUID();
        byte[] garbage = ("{not json \u0000").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[garbage.length + 2];
        System.arraycopy(garbage, 0, bytes, 0, garbage.length);
        bytes[garbage.length] = (byte) 0xff; // not UTF-8 either
        bytes[garbage.length + 1] = (byte) 0xfe;

        publishRaw(TOPIC, key, bytes);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(audit.queryForList(
                "SELECT outcome FROM audit_records WHERE target_id = ?", String.class, key)).containsExactly("unreadable"));
        assertThat(audit.queryForObject("SELECT envelope_bytes FROM audit_records WHERE target_id = ?", byte[].class,
                key)).isEqualTo(bytes);
        assertThat(audit.queryForObject("SELECT event_id FROM audit_records WHERE target_id = ?", String.class, key))
                .startsWith("kafka:" + environment("agentshop.kafka.events-topic") + "/");
        assertThat(verifyAudit().intact()).isTrue();
    }

    private Map<String, byte[]> exactBytes(List<ObjectNode> events) {
        Map<String, byte[]> kept = new java.util.HashMap<>();
        audit.query("SELECT event_id, envelope_bytes FROM audit_records WHERE event_id = ANY (?) AND format = 2",
                rows -> {
                    kept.put(rows.getString(1), rows.getBytes(2));
                }, (Object) events.stream().map(e -> e.path("eventId").asText()).toArray(String[]::new));
        return kept;
    }

    private JsonNode get(String path) throws Exception {
        var response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode().value()).as(path + ": " + response.getBody()).isEqualTo(200);
        return JSON.readTree(response.getBody());
    }

    private static Map<String, Object> money(long minorUnits) {
        return Map.of("minorUnits", minorUnits, "currency", "EUR");
    }

    @Autowired
    org.springframework.core.env.Environment springEnvironment;

    private String environment(String property) {
        return springEnvironment.getRequiredProperty(property);
    }
}
