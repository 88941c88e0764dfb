package io.agentshop.queryside.readmodel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.MalformedEnvelopeException;
import io.agentshop.queryside.readmodel.OrdersProjection;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Orders for the edge's get_order and list_orders: by id (with a consistency token), by user, agent and status. */
@RestController
@RequestMapping("/orders")
public class OrdersController {

    private static final Set<String> STATUSES = Set.of("PLACED", "CONFIRMED", "AWAITING_APPROVAL", "APPROVED",
            "DECLINED", "EXPIRED", "CANCELLED", "SHIPPED");

    private final JdbcTemplate jdbc;
    private final ReadConsistency consistency;
    private final ObjectMapper json;
    private final RowMapper<Map<String, Object>> order;

    public OrdersController(JdbcTemplate readModelsJdbc, ReadConsistency consistency, ObjectMapper json) {
        this.jdbc = readModelsJdbc;
        this.consistency = consistency;
        this.json = json;
        this.order = (rows, n) -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("orderId", rows.getString("order_id"));
            view.put("userId", rows.getString("user_id"));
            view.put("agentId", rows.getString("agent_id"));
            view.put("status", rows.getString("status"));
            view.put("total", Map.of("minorUnits", rows.getLong("total_minor"), "currency", rows.getString("currency")));
            view.put("lines", readTree(rows.getString("lines")));
            view.put("note", rows.getString("note"));
            view.put("placedAt", instant(rows.getTimestamp("placed_at")));
            view.put("approvalDeadline", instant(rows.getTimestamp("approval_deadline")));
            view.put("updatedAt", instant(rows.getTimestamp("updated_at")));
            view.put("position", rows.getLong("last_position"));
            return view;
        };
    }

    @GetMapping("/{orderId}")
    public Map<String, Object> order(@PathVariable String orderId, @RequestParam(required = false) Long minPosition) {
        ReadProblems.requirePosition(minPosition);
        OptionalLong position = consistency.await("SELECT last_position FROM orders WHERE order_id = ?", orderId,
                minPosition);
        if (position.isEmpty()) {
            deadLettered(orderId).ifPresent(problem -> {
                throw problem;
            });
            throw minPosition == null ? ReadProblems.notFound("there is no order " + orderId)
                    : ReadProblems.notYetVisible("order " + orderId + " is not visible yet: the orders view has not"
                    + " reached position " + minPosition + "; try again in a moment");
        }
        Map<String, Object> view = jdbc.query("SELECT * FROM orders WHERE order_id = ?", order, orderId).get(0);
        view.put("consistency", Consistency.of(minPosition, (Long) view.get("position")));
        return view;
    }

    /** An order whose event the orders view set aside: it exists, and its user must hear so, not "no such order". */
    private Optional<ErrorResponseException> deadLettered(String orderId) {
        return jdbc.query("SELECT record_value, reason FROM dead_letters WHERE consumer = ? AND record_key = ?"
                        + " ORDER BY id LIMIT 1", (rows, n) -> {
                    String userId;
                    try {
                        userId = Envelope.parse(rows.getBytes(1), json).userId();
                    } catch (MalformedEnvelopeException unreadable) {
                        userId = null;
                    }
                    return ReadProblems.orderNotShown(orderId, userId, rows.getString(2));
                }, OrdersProjection.NAME, orderId).stream().findFirst();
    }

    @GetMapping
    public Map<String, Object> orders(@RequestParam(required = false) String userId,
                                      @RequestParam(required = false) String agentId,
                                      @RequestParam(required = false) String status,
                                      @RequestParam(required = false) String cursor,
                                      @RequestParam(defaultValue = "20") int limit) {
        ReadProblems.requireLimit(limit, 100);
        if (userId == null && agentId == null && status == null) {
            throw ReadProblems.badRequest("name at least one of userId, agentId or status");
        }
        if (status != null && !STATUSES.contains(status)) {
            throw ReadProblems.badRequest("status must be one of " + STATUSES + ", was " + status);
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM orders WHERE TRUE");
        List<Object> arguments = new ArrayList<>();
        where(sql, arguments, "user_id", userId);
        where(sql, arguments, "agent_id", agentId);
        where(sql, arguments, "status", status);
        if (cursor != null) {
            PageCursor after = PageCursor.decode(cursor);
            sql.append(" AND (placed_at, order_id) < (?, ?)");
            arguments.add(after.at());
            arguments.add(after.id());
        }
        sql.append(" ORDER BY placed_at DESC, order_id DESC LIMIT ?");
        arguments.add(limit + 1);
        List<Map<String, Object>> page = jdbc.query(sql.toString(), order, arguments.toArray());
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Map<String, Object> last = page.get(limit - 1);
            next = PageCursor.encode((String) last.get("placedAt"), (String) last.get("orderId"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orders", page);
        body.put("nextCursor", next);
        return body;
    }

    private static void where(StringBuilder sql, List<Object> arguments, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            arguments.add(value);
        }
    }

    private JsonNode readTree(String value) {
        try {
            return json.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException("stored order lines are not JSON", e);
        }
    }

    private static String instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().toString();
    }
}
