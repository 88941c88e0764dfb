package io.agentshop.queryside.audit.verify;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Are the audit store's own defences still in place? The append-only triggers exist, fire always, before UPDATE,
 * DELETE and TRUNCATE, unconditionally, calling the function that refuses (and that function still only raises); the
 * writer login has SELECT and INSERT on the audit tables and nothing more (column grants included), is neither the
 * owner nor a member of it, nor a superuser; and PUBLIC has nothing.
 * Read from PostgreSQL's catalogs, which only a superuser can make lie: an owner who switched a trigger off, or
 * granted the writer UPDATE, is seen here even if the records are still intact.
 */
public final class StoreGuards {

    static final List<String> TABLES = List.of("audit_records", "audit_checkpoints");
    /** pg_trigger.tgtype bits: ROW 1, BEFORE 2, INSERT 4, DELETE 8, UPDATE 16, TRUNCATE 32. */
    private static final Design ROWS = new Design(null, 1 | 2 | 8 | 16, "before each row's UPDATE or DELETE");
    private static final Design TRUNCATE = new Design(null, 2 | 32, "before TRUNCATE");
    static final Map<String, Design> TRIGGERS = Map.of(
            "audit_records_append_only", ROWS.on("audit_records"), "audit_records_no_truncate", TRUNCATE.on("audit_records"),
            "audit_checkpoints_append_only", ROWS.on("audit_checkpoints"),
            "audit_checkpoints_no_truncate", TRUNCATE.on("audit_checkpoints"));
    private static final List<String> GRANTED = List.of("SELECT", "INSERT");
    private static final List<String> NOT_GRANTED = List.of("UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER");

    /** How a trigger was created (V4__audit_append_only.sql). */
    record Design(String table, int type, String when) {
        Design on(String table) {
            return new Design(table, type, when);
        }
    }

    private final JdbcTemplate jdbc;
    private final String writerRole;

    public StoreGuards(JdbcTemplate jdbc, String writerRole) {
        this.jdbc = jdbc;
        this.writerRole = writerRole;
    }

    /** What is no longer as designed; empty when every guard holds. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        checkTheRefusingFunction(problems);
        TRIGGERS.forEach((trigger, design) -> checkTrigger(problems, trigger, design));
        Boolean superuser = jdbc.query("SELECT rolsuper FROM pg_roles WHERE rolname = ?",
                rs -> rs.next() ? rs.getBoolean(1) : null, writerRole);
        if (superuser == null) {
            problems.add("the writer role " + writerRole + " does not exist");
            return problems;
        }
        if (superuser) {
            problems.add("the writer role " + writerRole + " is a superuser");
        }
        for (String table : TABLES) {
            String owner = jdbc.queryForObject("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema()"
                    + " AND tablename = ?", String.class, table);
            if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_has_role(?, ?, 'MEMBER')", Boolean.class,
                    writerRole, owner))) {
                problems.add(table + " is owned by " + owner + ", and the writer role " + writerRole
                        + " is (or may become) that role");
            }
            for (String privilege : GRANTED) {
                if (!privilege("has_table_privilege", table, privilege)) {
                    problems.add("the writer role " + writerRole + " lacks " + privilege + " on " + table);
                }
            }
            for (String privilege : NOT_GRANTED) {
                if (privilege("has_table_privilege", table, privilege)) {
                    problems.add("the writer role " + writerRole + " has " + privilege + " on " + table);
                }
            }
            for (String privilege : List.of("UPDATE", "REFERENCES")) {
                if (!privilege("has_table_privilege", table, privilege)
                        && privilege("has_any_column_privilege", table, privilege)) {
                    problems.add("the writer role " + writerRole + " has " + privilege + " on columns of " + table);
                }
            }
            // From the ACL itself: information_schema shows a grant only to its grantor, grantee or their members.
            String publicGrants = jdbc.queryForObject("SELECT string_agg(a.privilege_type, ', ') FROM pg_class c"
                    + " CROSS JOIN aclexplode(c.relacl) a WHERE c.oid = to_regclass(?) AND a.grantee = 0",
                    String.class, table);
            if (publicGrants != null) {
                problems.add("PUBLIC has " + publicGrants + " on " + table);
            }
        }
        return problems;
    }

    /** The trigger exists, fires always, on the designed events and timing, with no condition, calling the function. */
    private void checkTrigger(List<String> problems, String trigger, Design design) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT t.tgenabled::text AS enabled, t.tgtype AS type,"
                + " t.tgqual IS NOT NULL AS conditional, t.tgfoid = to_regproc('audit_refuse_change') AS refusing"
                + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = ? AND c.relname = ?"
                + " AND c.relnamespace = to_regnamespace(current_schema())", trigger, design.table());
        String where = "trigger " + trigger + " on " + design.table();
        if (rows.isEmpty()) {
            problems.add(where + " is missing");
            return;
        }
        Map<String, Object> row = rows.get(0);
        if ("D".equals(row.get("enabled"))) {
            problems.add(where + " is disabled");
        } else if ("R".equals(row.get("enabled"))) {
            problems.add(where + " fires only for replication sessions");
        }
        if (((Number) row.get("type")).intValue() != design.type()) {
            problems.add(where + " no longer fires " + design.when());
        }
        if (Boolean.TRUE.equals(row.get("conditional"))) {
            problems.add(where + " has a WHEN condition");
        }
        if (!Boolean.TRUE.equals(row.get("refusing"))) {
            problems.add(where + " calls another function than audit_refuse_change");
        }
    }

    /** The function every trigger calls still raises and never lets the change through. */
    private void checkTheRefusingFunction(List<String> problems) {
        List<String> body = jdbc.queryForList("SELECT prosrc FROM pg_proc WHERE oid = to_regproc('audit_refuse_change')",
                String.class);
        if (body.isEmpty()) {
            problems.add("the function audit_refuse_change is missing");
        } else if (!body.get(0).contains("RAISE EXCEPTION") || body.get(0).toUpperCase().contains("RETURN")) {
            problems.add("the function audit_refuse_change was replaced: it no longer just raises");
        }
    }

    private boolean privilege(String function, String table, String privilege) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT " + function + "(?, ?, ?)", Boolean.class, writerRole,
                table, privilege));
    }
}
