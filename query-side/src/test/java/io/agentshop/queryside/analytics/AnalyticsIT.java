package io.agentshop.queryside.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentshop.queryside.EventsOnKafka.envelope;
import static io.agentshop.queryside.EventsOnKafka.payload;
import static io.agentshop.queryside.EventsOnKafka.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AnalyticsIT extends QuerySideIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONTRACT = Path.of(System.getProperty("agentshop.contract.dir", "../event-contract"));

    @Autowired
    JdbcTemplate jdbc;

    @Override
    protected String token() {
        return TestTokens.person("analyst-1", "analyst");
    }

    @Test
    void anExportOfNEventsHasNLinesEachValidAgainstTheContract() throws Exception {
        String orderId = "export-" + UUID.randomUUID();
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(envelope("OrderConfirmed", "Order", orderId, i, "u", "agent-1", "place_order",
                    payload(Map.of("orderId", orderId))));
        }
        publish(TOPIC, events);

        ResponseEntity<String> response = http.getForEntity("/analytics/events?aggregateId=" + orderId, String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> lines = response.getBody().lines().toList();
        assertThat(lines).hasSize(25);
        SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema envelopeSchema = schemas.getSchema(Files.readString(CONTRACT.resolve("envelope.schema.json")),
                InputFormat.JSON);
        Schema payloadSchema = schemas.getSchema(Files.readString(CONTRACT.resolve("events/OrderConfirmed.schema.json")),
                InputFormat.JSON);
        for (String line : lines) {
            JsonNode envelope = JSON.readTree(line);
            assertThat(envelopeSchema.validate(line, InputFormat.JSON)).as(line).isEmpty();
            assertThat(payloadSchema.validate(envelope.path("payload").toString(), InputFormat.JSON)).as(line).isEmpty();
        }
        String exportId = response.getHeaders().getFirst("Export-Id");
        JsonNode progress = JSON.readTree(http.getForObject("/analytics/exports/" + exportId, String.class));
        assertThat(progress.path("done").asBoolean()).isTrue();
        assertThat(progress.path("written").asLong()).isEqualTo(25);
    }

    @Test
    void anExportFromATimeLeavesOutWhatCameBefore() {
        String orderId = "export-time-" + UUID.randomUUID();
        Instant between = Instant.now().minusSeconds(30);
        ObjectNode earlier = envelope("OrderConfirmed", "Order", orderId, 0, "u", null, "t",
                payload(Map.of("orderId", orderId)));
        earlier.put("occurredAt", between.minusSeconds(30).toString());
        publish(TOPIC, List.of(earlier, envelope("OrderShipped", "Order", orderId, 1, "u", null, "t",
                payload(Map.of("orderId", orderId, "shippedBy", "fulfilment")))));

        String body = http.getForObject("/analytics/events?aggregateId=" + orderId + "&from=" + between, String.class);

        assertThat(body.lines().toList()).singleElement().asString().contains("OrderShipped");
    }

    @Test
    void aRebuiltReadModelEqualsTheLiveOne() throws Exception {
        String userId = "rebuild-" + UUID.randomUUID();
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String orderId = userId + "-" + i;
            events.add(envelope("OrderPlaced", "Order", orderId, 0, userId, "agent-1", "place_order", payload(Map.of(
                    "orderId", orderId, "userId", userId, "agentId", "agent-1", "lines", List.of(),
                    "total", Map.of("minorUnits", 100 * i, "currency", "EUR"), "idempotencyKey", "k" + i,
                    "placedAt", Instant.now().toString()))));
            events.add(envelope(i % 2 == 0 ? "OrderConfirmed" : "OrderCancelled", "Order", orderId, 1, userId,
                    "agent-1", "place_order", payload(Map.of("orderId", orderId))));
        }
        publish(TOPIC, events);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM orders WHERE user_id = ? AND status <> 'PLACED'", Integer.class, userId) == 10);
        List<Map<String, Object>> before = jdbc.queryForList("SELECT * FROM orders ORDER BY order_id");
        String stale = "never-on-the-topic-" + UUID.randomUUID();
        jdbc.update("INSERT INTO applied_events (consumer, event_id) VALUES ('orders', ?)", stale);
        int deadLetters = jdbc.queryForObject("SELECT count(*) FROM dead_letters WHERE consumer = 'orders'",
                Integer.class);

        ResponseEntity<String> started = http.postForEntity("/analytics/projections/orders/rebuild", null, String.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(JSON.readTree(
                http.getForObject("/analytics/projections/orders/rebuild", String.class)).path("state").asText())
                .isIn("DONE", "FAILED"));

        assertThat(JSON.readTree(http.getForObject("/analytics/projections/orders/rebuild", String.class))
                .path("state").asText()).isEqualTo("DONE");
        assertThat(jdbc.queryForList("SELECT * FROM orders ORDER BY order_id")).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM information_schema.schemata"
                + " WHERE schema_name LIKE 'rebuild_%'", Integer.class)).isZero();
        List<String> ids = events.stream().map(event -> event.path("eventId").asText()).toList();
        assertThat(jdbc.queryForList("SELECT event_id FROM applied_events WHERE consumer = 'orders'"
                + " AND event_id = ANY (?::text[])", String.class, (Object) ids.toArray(String[]::new)))
                .as("the rebuilt ids replaced the live ones").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM applied_events WHERE consumer = 'orders'"
                + " AND event_id = ?", Integer.class, stale)).as("an id the rebuild did not apply is gone").isZero();

        // A redelivery of an event the rebuild applied, then a new order after it on the same partition.
        String after = userId + "-after";
        String firstOrder = userId + "-0";
        publish(TOPIC, List.of(events.get(0), envelope("OrderPlaced", "Order", firstOrder, 2, userId, null, "t",
                payload(Map.of("orderId", after, "userId", userId, "lines", List.of(), "total",
                        Map.of("minorUnits", 1, "currency", "EUR"), "placedAt", Instant.now().toString())))));
        await("the live consumer resumed on the rebuilt table").atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM orders WHERE order_id = ?", Integer.class, after) == 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letters WHERE consumer = 'orders'", Integer.class))
                .as("the redelivered placement was skipped by its id, not applied again").isEqualTo(deadLetters);
    }

    @Test
    void ofTwoRebuildsStartedAtOnceOneWinsAndTheOtherIsTold() throws Exception {
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<ResponseEntity<String>>> starts = two.invokeAll(List.of(
                    () -> { together.await(); return http.postForEntity("/analytics/projections/accounts/rebuild",
                            null, String.class); },
                    () -> { together.await(); return http.postForEntity("/analytics/projections/accounts/rebuild",
                            null, String.class); }));
            List<Integer> statuses = new ArrayList<>();
            for (var start : starts) {
                statuses.add(start.get().getStatusCode().value());
            }
            assertThat(statuses).containsExactlyInAnyOrder(202, 409);
            String refused = starts.get(statuses.indexOf(409)).get().getBody();
            assertThat(refused).contains("accounts is being rebuilt already");
        } finally {
            two.shutdown();
            await("the winner finishes").atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(
                    http.getForObject("/analytics/projections/accounts/rebuild", String.class)).path("state").asText()
                    .matches("DONE|FAILED"));
        }
    }

    @Test
    void onlyTheLatestExportsAreRememberedForTheirProgress() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // Nothing to export past the end of every partition: each export ends at once.
            ResponseEntity<String> export = http.getForEntity("/analytics/events?fromOffset=1000000000", String.class);
            assertThat(export.getStatusCode()).isEqualTo(HttpStatus.OK);
            ids.add(export.getHeaders().getFirst("Export-Id"));
        }

        assertThat(http.getForEntity("/analytics/exports/" + ids.get(0), String.class).getStatusCode())
                .as("the oldest of four, with three remembered").isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.getForEntity("/analytics/exports/" + ids.get(3), String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void unknownProjectionsAndBadTimesAreProblems() {
        assertThat(http.postForEntity("/analytics/projections/audit-store/rebuild", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> badTime = http.getForEntity("/analytics/events?from=yesterday", String.class);
        assertThat(badTime.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badTime.getBody()).contains("ISO-8601");
    }
}
