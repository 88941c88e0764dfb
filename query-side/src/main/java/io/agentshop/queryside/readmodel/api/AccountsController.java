package io.agentshop.queryside.readmodel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An account for whoami and "my agents": mode, and per agent its scopes, limits, spend today and last use; and the
 * admin's list of accounts, newest first.
 */
@RestController
@RequestMapping("/accounts")
public class AccountsController {

    private static final Set<String> MODES = Set.of("ACTIVE", "READ_ONLY", "BANNED");

    private final JdbcTemplate jdbc;
    private final ReadConsistency consistency;
    private final ObjectMapper json;
    private final Clock clock;

    public AccountsController(JdbcTemplate readModelsJdbc, ReadConsistency consistency, ObjectMapper json,
                              Clock clock) {
        this.jdbc = readModelsJdbc;
        this.consistency = consistency;
        this.json = json;
        this.clock = clock;
    }

    /** Accounts newest first (by when they were opened), optionally of one mode, a page at a time. */
    @GetMapping
    public Map<String, Object> accounts(@RequestParam(required = false) String mode,
                                        @RequestParam(required = false) String cursor,
                                        @RequestParam(defaultValue = "20") int limit) {
        ReadProblems.requireLimit(limit, 100);
        if (mode != null && !MODES.contains(mode)) {
            throw ReadProblems.badRequest("mode must be one of " + MODES + ", was " + mode);
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM accounts WHERE TRUE");
        List<Object> arguments = new ArrayList<>();
        if (mode != null) {
            sql.append(" AND mode = ?");
            arguments.add(mode);
        }
        if (cursor != null) {
            PageCursor after = PageCursor.decode(cursor);
            sql.append(" AND (opened_at, user_id) < (?, ?)");
            arguments.add(after.at());
            arguments.add(after.id());
        }
        sql.append(" ORDER BY opened_at DESC, user_id DESC LIMIT ?");
        arguments.add(limit + 1);
        List<Map<String, Object>> page = jdbc.query(sql.toString(), (rows, n) -> {
            Map<String, Object> view = summary(rows);
            view.put("updatedAt", rows.getTimestamp("updated_at").toInstant().toString());
            view.put("position", rows.getLong("last_position"));
            return view;
        }, arguments.toArray());
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Map<String, Object> last = page.get(limit - 1);
            next = PageCursor.encode((String) last.get("openedAt"), (String) last.get("userId"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accounts", page);
        body.put("nextCursor", next);
        return body;
    }

    @GetMapping("/{userId}")
    public Map<String, Object> account(@PathVariable String userId, @RequestParam(required = false) Long minPosition) {
        ReadProblems.requirePosition(minPosition);
        String positionQuery = """
                SELECT greatest(a.last_position, coalesce(max(d.last_position), 0)) FROM accounts a
                LEFT JOIN delegations d ON d.user_id = a.user_id WHERE a.user_id = ? GROUP BY a.last_position""";
        OptionalLong position = consistency.await(positionQuery, userId, minPosition);
        if (position.isEmpty()) {
            throw minPosition == null ? ReadProblems.notFound("there is no account for user " + userId)
                    : ReadProblems.notYetVisible("the account of " + userId + " is not visible yet; try again");
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Map<String, Object> account = jdbc.queryForObject("SELECT * FROM accounts WHERE user_id = ?",
                (rows, n) -> summary(rows), userId);
        List<Map<String, Object>> delegations = jdbc.query(
                "SELECT * FROM delegations WHERE user_id = ? ORDER BY agent_id", (rows, n) -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("agentId", rows.getString("agent_id"));
                    view.put("agentName", rows.getString("agent_name"));
                    view.put("scopes", tree(rows.getString("scopes")));
                    view.put("limits", tree(rows.getString("limits")));
                    view.put("expiresAt", instant(rows.getTimestamp("expires_at")));
                    view.put("revoked", rows.getBoolean("revoked"));
                    view.put("revokedReason", rows.getString("revoked_reason"));
                    boolean spentToday = rows.getDate("spend_day") != null
                            && rows.getDate("spend_day").toLocalDate().equals(today);
                    view.put("spentToday", spentToday
                            ? Map.of("minorUnits", rows.getLong("spent_minor"), "currency", rows.getString("spent_currency"))
                            : Map.of("minorUnits", 0L, "currency", tree(rows.getString("limits")).at("/dailySpend/currency").asText()));
                    view.put("lastUsedAt", instant(rows.getTimestamp("last_used_at")));
                    return view;
                }, userId);
        account.put("delegations", delegations);
        account.put("consistency", Consistency.of(minPosition, position.getAsLong()));
        return account;
    }

    private static Map<String, Object> summary(ResultSet rows) throws SQLException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("userId", rows.getString("user_id"));
        view.put("mode", rows.getString("mode"));
        view.put("modeReason", rows.getString("mode_reason"));
        view.put("openedAt", rows.getTimestamp("opened_at").toInstant().toString());
        return view;
    }

    private JsonNode tree(String value) {
        try {
            return json.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON is not JSON", e);
        }
    }

    private static String instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().toString();
    }
}
