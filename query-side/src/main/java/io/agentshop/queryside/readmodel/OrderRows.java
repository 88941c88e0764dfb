package io.agentshop.queryside.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.queryside.events.Envelope;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run of order events does to the {@code orders} table, folded to one row per order: the row of an order
 * placed in the run, with where it stands at the run's end, or the change to the row of an order placed before. An
 * order placed and confirmed in one poll is one insert, not an insert and an update. Written in two batched
 * statements; the table ends as applying the events one by one would leave it (rows of different orders do not touch
 * each other, and each row holds the last of its events' values).
 */
final class OrderRows {

    private static final String INSERT = """
            INSERT INTO orders (order_id, user_id, agent_id, status, total_minor, currency, lines, note,
                                idempotency_key, placed_at, approval_deadline, updated_at, last_position)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)""";
    private static final int[] INSERT_TYPES = {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP, Types.TIMESTAMP,
            Types.TIMESTAMP, Types.BIGINT};
    /** A deadline only where the run set one: the other events of an order leave it as it was. */
    private static final String UPDATE = """
            UPDATE orders SET status = ?, approval_deadline = COALESCE(?, approval_deadline), updated_at = ?,
                              last_position = ?
            WHERE order_id = ?""";
    private static final int[] UPDATE_TYPES = {Types.VARCHAR, Types.TIMESTAMP, Types.TIMESTAMP, Types.BIGINT,
            Types.VARCHAR};

    private final Map<String, Row> rows = new LinkedHashMap<>();

    /** One event of the orders projection's types, after those before it. */
    void add(Envelope event, JdbcTemplate tx) {
        JsonNode p = event.payload();
        String orderId = p.path("orderId").asText();
        Row row = rows.get(orderId);
        if (event.type().equals("OrderPlaced")) {
            if (row != null) {
                // Its order was placed or changed earlier in the run: write that first, so a second placement fails
                // (or a change before any placement finds no row) exactly as it would one by one.
                write(tx);
            }
            rows.put(orderId, Row.placed(orderId, p, event));
            return;
        }
        if (row == null) {
            row = new Row(orderId, null);
            rows.put(orderId, row);
        }
        switch (event.type()) {
            case "OrderAwaitingApproval" -> row.changed(event, "AWAITING_APPROVAL",
                    Timestamp.from(Instant.parse(p.path("deadline").asText())));
            case "OrderConfirmed" -> row.changed(event, "CONFIRMED", null);
            case "OrderApproved" -> row.changed(event, "APPROVED", null);
            case "OrderDeclined" -> row.changed(event, "DECLINED", null);
            case "OrderApprovalExpired" -> row.changed(event, "EXPIRED", null);
            case "OrderCancelled" -> row.changed(event, "CANCELLED", null);
            case "OrderShipped" -> row.changed(event, "SHIPPED", null);
            default -> throw new IllegalArgumentException("not an order event the orders projection writes: "
                    + event.type());
        }
    }

    /** Writes what the run did so far, and starts over. */
    void write(JdbcTemplate tx) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (Row row : rows.values()) {
            if (row.placed != null) {
                inserts.add(row.insert());
            } else {
                updates.add(row.update());
            }
        }
        rows.clear();
        if (!inserts.isEmpty()) {
            tx.batchUpdate(INSERT, inserts, INSERT_TYPES);
        }
        if (!updates.isEmpty()) {
            tx.batchUpdate(UPDATE, updates, UPDATE_TYPES);
        }
    }

    /** One order's row as the run leaves it. */
    private static final class Row {

        private final String orderId;
        /** The values of its placement, when the order was placed in the run; else {@code null}. */
        private final JsonNode placed;
        private final Timestamp placedAt;
        private String status;
        private Timestamp deadline;
        private Timestamp updatedAt;
        private long lastPosition;

        private Row(String orderId, JsonNode placed) {
            this.orderId = orderId;
            this.placed = placed;
            this.placedAt = placed == null ? null : Timestamp.from(Instant.parse(placed.path("placedAt").asText()));
        }

        static Row placed(String orderId, JsonNode payload, Envelope event) {
            Row row = new Row(orderId, payload);
            row.changed(event, "PLACED", null);
            return row;
        }

        void changed(Envelope event, String status, Timestamp deadline) {
            this.status = status;
            if (deadline != null) {
                this.deadline = deadline;
            }
            this.updatedAt = ReadModelProjection.at(event);
            this.lastPosition = event.globalPosition();
        }

        Object[] insert() {
            return new Object[] {orderId, placed.path("userId").asText(), text(placed, "agentId"), status,
                    placed.at("/total/minorUnits").asLong(), placed.at("/total/currency").asText(),
                    placed.path("lines").toString(), text(placed, "note"), text(placed, "idempotencyKey"), placedAt,
                    deadline, updatedAt, lastPosition};
        }

        Object[] update() {
            return new Object[] {status, deadline, updatedAt, lastPosition, orderId};
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }
    }
}
