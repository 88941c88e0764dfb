package io.agentshop.queryside.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.queryside.events.Envelope;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Set;

import java.sql.Timestamp;
import java.time.Instant;

/** Orders by id, by user, by agent and by status, with their lines and where they stand. */
public final class OrdersProjection extends ReadModelProjection {

    private static final Set<String> TYPES = Set.of(
            "OrderPlaced", "OrderAwaitingApproval", "OrderConfirmed", "OrderApproved", "OrderDeclined",
            "OrderApprovalExpired", "OrderCancelled", "OrderShipped");

    public static final String NAME = "orders";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public java.util.List<String> tables() {
        return java.util.List.of("orders");
    }

    @Override
    protected Set<String> types() {
        return TYPES;
    }

    @Override
    protected boolean applyKnown(Envelope event, JdbcTemplate tx) {
        JsonNode p = event.payload();
        String orderId = p.path("orderId").asText();
        switch (event.type()) {
            case "OrderPlaced" -> tx.update("""
                    INSERT INTO orders (order_id, user_id, agent_id, status, total_minor, currency, lines, note,
                                        idempotency_key, placed_at, updated_at, last_position)
                    VALUES (?, ?, ?, 'PLACED', ?, ?, ?::jsonb, ?, ?, ?, ?, ?)""",
                    orderId, p.path("userId").asText(), text(p, "agentId"), p.at("/total/minorUnits").asLong(),
                    p.at("/total/currency").asText(), p.path("lines").toString(), text(p, "note"),
                    text(p, "idempotencyKey"), Timestamp.from(Instant.parse(p.path("placedAt").asText())),
                    at(event), event.globalPosition());
            case "OrderAwaitingApproval" -> tx.update("""
                    UPDATE orders SET status = 'AWAITING_APPROVAL', approval_deadline = ?, updated_at = ?,
                                      last_position = ? WHERE order_id = ?""",
                    Timestamp.from(Instant.parse(p.path("deadline").asText())), at(event), event.globalPosition(),
                    orderId);
            case "OrderConfirmed" -> status(tx, event, orderId, "CONFIRMED");
            case "OrderApproved" -> status(tx, event, orderId, "APPROVED");
            case "OrderDeclined" -> status(tx, event, orderId, "DECLINED");
            case "OrderApprovalExpired" -> status(tx, event, orderId, "EXPIRED");
            case "OrderCancelled" -> status(tx, event, orderId, "CANCELLED");
            case "OrderShipped" -> status(tx, event, orderId, "SHIPPED");
            default -> throw new IllegalArgumentException("not one of types(): " + event.type());
        }
        return true;
    }

    private static void status(JdbcTemplate tx, Envelope event, String orderId, String status) {
        tx.update("UPDATE orders SET status = ?, updated_at = ?, last_position = ? WHERE order_id = ?",
                status, at(event), event.globalPosition(), orderId);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
