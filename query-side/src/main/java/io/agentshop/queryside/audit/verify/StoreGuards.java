package io.agentshop.queryside.audit.verify;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Are the audit store's own defences still in place? The append-only triggers exist and fire, the writer login has
 * SELECT and INSERT on the audit tables and nothing more, owns nothing and is no superuser, and PUBLIC has nothing.
 * Read from PostgreSQL's catalogs, which only a superuser can make lie: an owner who switched a trigger off, or
 * granted the writer UPDATE, is seen here even if the records are still intact.
 */
public final class StoreGuards {

    static final List<String> TABLES = List.of("audit_records", "audit_checkpoints");
    static final Map<String, String> TRIGGERS = Map.of(
            "audit_records_append_only", "audit_records", "audit_records_no_truncate", "audit_records",
            "audit_checkpoints_append_only", "audit_checkpoints", "audit_checkpoints_no_truncate", "audit_checkpoints");
    private static final List<String> GRANTED = List.of("SELECT", "INSERT");
    private static final List<String> NOT_GRANTED = List.of("UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER");

    private final JdbcTemplate jdbc;
    private final String writerRole;

    public StoreGuards(JdbcTemplate jdbc, String writerRole) {
        this.jdbc = jdbc;
        this.writerRole = writerRole;
    }

    /** What is no longer as designed; empty when every guard holds. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        TRIGGERS.forEach((trigger, table) -> {
            List<String> enabled = jdbc.queryForList("SELECT t.tgenabled::text FROM pg_trigger t"
                    + " JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = ? AND c.relname = ?"
                    + " AND c.relnamespace = to_regnamespace(current_schema())", String.class, trigger, table);
            if (enabled.isEmpty()) {
                problems.add("trigger " + trigger + " on " + table + " is missing");
            } else if ("D".equals(enabled.get(0))) {
                problems.add("trigger " + trigger + " on " + table + " is disabled");
            } else if ("R".equals(enabled.get(0))) {
                problems.add("trigger " + trigger + " on " + table + " fires only for replication sessions");
            }
        });
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
            if (writerRole.equals(owner)) {
                problems.add(table + " is owned by the writer role " + writerRole);
            }
            for (String privilege : GRANTED) {
                if (!privilege(writerRole, table, privilege)) {
                    problems.add("the writer role " + writerRole + " lacks " + privilege + " on " + table);
                }
            }
            for (String privilege : NOT_GRANTED) {
                if (privilege(writerRole, table, privilege)) {
                    problems.add("the writer role " + writerRole + " has " + privilege + " on " + table);
                }
            }
            List<String> publicGrants = jdbc.queryForList("SELECT privilege_type FROM information_schema.role_table_grants"
                    + " WHERE grantee = 'PUBLIC' AND table_schema = current_schema() AND table_name = ?", String.class, table);
            if (!publicGrants.isEmpty()) {
                problems.add("PUBLIC has " + String.join(", ", publicGrants) + " on " + table);
            }
        }
        return problems;
    }

    private boolean privilege(String role, String table, String privilege) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT has_table_privilege(?, ?, ?)", Boolean.class, role,
                table, privilege));
    }
}
