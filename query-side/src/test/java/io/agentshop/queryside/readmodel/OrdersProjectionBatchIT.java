package io.agentshop.queryside.readmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.consumer.Projection.Outcome;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.MalformedEnvelopeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import static io.agentshop.queryside.EventsOnKafka.bytes;
import static io.agentshop.queryside.EventsOnKafka.envelope;
import static io.agentshop.queryside.EventsOnKafka.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The orders projection writes a poll's events folded to one row per order; its table must end exactly as applying
 * the same events one by one leaves it. Both ways run on the same events in two schemas of their own, and the tables
 * are compared row by row, column by column.
 */
class OrdersProjectionBatchIT extends QuerySideIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ENDS = List.of("OrderConfirmed", "OrderApproved", "OrderDeclined",
            "OrderApprovalExpired", "OrderCancelled");

    @Autowired
    @Qualifier("readModelsDataSource")
    DataSource readModels;

    private final OrdersProjection orders = new OrdersProjection();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String oneByOne = "orders_one_by_one_" + suffix;
    private final String batched = "orders_batched_" + suffix;
    private JdbcTemplate tx;
    private TransactionTemplate transactions;

    @BeforeEach
    void twoEmptyOrdersTables() {
        tx = new JdbcTemplate(readModels);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(readModels));
        for (String schema : List.of(oneByOne, batched)) {
            tx.execute("CREATE SCHEMA " + schema);
            tx.execute("CREATE TABLE " + schema + ".orders (LIKE public.orders INCLUDING ALL)");
        }
    }

    @AfterEach
    void dropThem() {
        for (String schema : List.of(oneByOne, batched)) {
            tx.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aRunOfPollsLeavesTheTableAsApplyingEachEventAloneWould(long seed) {
        Random random = new Random(seed);
        List<Envelope> events = interleavedLifecycles(random, 40);
        List<Outcome> alone = new ArrayList<>();
        for (Envelope event : events) {
            alone.addAll(in(oneByOne, t -> List.of(orders.apply(event, t))));
        }
        List<Outcome> together = new ArrayList<>();
        for (List<Envelope> poll : polls(events, random)) {
            together.addAll(in(batched, t -> orders.apply(poll, t)));
        }

        assertThat(together).isEqualTo(alone);
        assertThat(rows(batched)).hasSize(40).isEqualTo(rows(oneByOne));
    }

    @Test
    void theRowHoldsTheLastEventsValuesAndTheDeadlineItWaitedFor() {
        String orderId = "order-held";
        Envelope placed = placed(orderId);
        Envelope held = event("OrderAwaitingApproval", orderId, Map.of("deadline", "2026-12-02T09:30:00Z"));
        Envelope approved = event("OrderApproved", orderId, Map.of());
        Envelope shipped = event("OrderShipped", orderId, Map.of());

        in(batched, t -> orders.apply(List.of(placed, held, approved, shipped), t));
        in(oneByOne, t -> List.of(orders.apply(placed, t)));
        in(oneByOne, t -> orders.apply(List.of(held), t));
        in(oneByOne, t -> orders.apply(List.of(approved, shipped), t));

        Map<String, Object> row = tx.queryForMap("SELECT status, approval_deadline, updated_at, last_position,"
                + " total_minor, currency, note, idempotency_key, lines::text AS lines FROM " + batched + ".orders");
        assertThat(row.get("status")).isEqualTo("SHIPPED");
        assertThat(((Timestamp) row.get("approval_deadline")).toInstant())
                .isEqualTo(Instant.parse("2026-12-02T09:30:00Z"));
        assertThat(((Timestamp) row.get("updated_at")).toInstant())
                .isCloseTo(shipped.occurredAt(), within(1, ChronoUnit.MICROS));
        assertThat(row.get("last_position")).isEqualTo(shipped.globalPosition());
        assertThat(row).containsEntry("total_minor", 1250L).containsEntry("currency", "EUR")
                .containsEntry("note", "a \"quoted\" note").containsEntry("idempotency_key", "key-" + orderId);
        assertThat((String) row.get("lines")).contains("\"productId\": \"p-1\"");
        assertThat(rows(batched)).isEqualTo(rows(oneByOne));
    }

    @Test
    void aChangeBeforeItsOrderWasPlacedChangesNothingInOnePollToo() {
        String orderId = "order-early";
        List<Envelope> poll = List.of(event("OrderConfirmed", orderId, Map.of()), placed(orderId));

        in(oneByOne, t -> poll.stream().map(event -> orders.apply(event, t)).toList());
        in(batched, t -> orders.apply(poll, t));

        assertThat(rows(batched)).isEqualTo(rows(oneByOne))
                .singleElement().extracting(row -> row.get("status")).isEqualTo("PLACED");
    }

    @Test
    void anOrderPlacedTwiceFailsThePollAsItFailsAlone() {
        String orderId = "order-twice";
        List<Envelope> poll = List.of(placed(orderId), event("OrderConfirmed", orderId, Map.of()), placed(orderId));

        assertThatThrownBy(() -> in(batched, t -> orders.apply(poll, t))).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> in(oneByOne, t -> poll.stream().map(event -> orders.apply(event, t)).toList()))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(rows(batched)).as("the failed poll rolled back whole").isEmpty();
    }

    /** Each order placed, maybe held for approval, ended one way, maybe shipped; orders interleaved at random. */
    private List<Envelope> interleavedLifecycles(Random random, int count) {
        List<List<Envelope>> lifecycles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String orderId = "order-" + i;
            List<Envelope> lifecycle = new ArrayList<>();
            lifecycle.add(placed(orderId));
            if (random.nextBoolean()) {
                lifecycle.add(event("OrderAwaitingApproval", orderId,
                        Map.of("deadline", Instant.parse("2026-12-01T00:00:00Z").plusSeconds(i).toString())));
            }
            String end = ENDS.get(random.nextInt(ENDS.size()));
            lifecycle.add(event(end, orderId, Map.of()));
            if (random.nextBoolean()) {
                lifecycle.add(event("OrderShipped", orderId, Map.of()));
            }
            if (random.nextInt(4) == 0) {
                lifecycle.add(event("AnEventNobodyKnows", orderId, Map.of()));
            }
            lifecycles.add(lifecycle);
        }
        List<Envelope> events = new ArrayList<>();
        while (!lifecycles.isEmpty()) {
            List<Envelope> next = lifecycles.get(random.nextInt(lifecycles.size()));
            events.add(next.remove(0));
            if (next.isEmpty()) {
                lifecycles.remove(next);
            }
        }
        return events;
    }

    /** Cut at random, from one event to a whole poll's worth. */
    private static List<List<Envelope>> polls(List<Envelope> events, Random random) {
        List<List<Envelope>> polls = new ArrayList<>();
        int from = 0;
        while (from < events.size()) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(30));
            polls.add(events.subList(from, to));
            from = to;
        }
        return polls;
    }

    private static Envelope placed(String orderId) {
        return event("OrderPlaced", orderId, Map.of("userId", "user-" + orderId, "agentId", "agent-1",
                "total", Map.of("minorUnits", 1250, "currency", "EUR"),
                "lines", List.of(Map.of("productId", "p-1", "quantity", 1)), "note", "a \"quoted\" note",
                "idempotencyKey", "key-" + orderId, "placedAt", "2026-11-30T12:00:00Z"));
    }

    private static Envelope event(String type, String orderId, Map<String, Object> fields) {
        Map<String, Object> payload = new HashMap<>(fields);
        payload.put("orderId", orderId);
        ObjectNode envelope = envelope(type, "Order", orderId, 1, "user-" + orderId, "agent-1", "place_order",
                payload(payload));
        try {
            return Envelope.parse(bytes(envelope), JSON);
        } catch (MalformedEnvelopeException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code work} in one transaction whose unqualified {@code orders} is that schema's. */
    private List<Outcome> in(String schema, Function<JdbcTemplate, List<Outcome>> work) {
        return transactions.execute(status -> {
            tx.execute("SET LOCAL search_path TO " + schema + ", public");
            return work.apply(tx);
        });
    }

    private List<Map<String, Object>> rows(String schema) {
        return tx.queryForList("SELECT * FROM " + schema + ".orders ORDER BY order_id");
    }
}
