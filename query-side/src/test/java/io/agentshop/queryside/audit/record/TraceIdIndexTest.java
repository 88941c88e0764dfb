package io.agentshop.queryside.audit.record;

import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.queryside.QuerySideIntegrationTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace id filter is answered from its index (V5__audit_records_trace.sql), not by reading the whole trail: the
 * query the API runs must spell the indexed expression exactly as the index does.
 */
class TraceIdIndexTest extends QuerySideIntegrationTest {

    @Test
    void theTraceIdFilterUsesItsIndex() throws Exception {
        AuditRecordFilter byTrace = new AuditRecordFilter(null, null, null, null, null, null, null,
                "4bf92f3577b34da6a3ce929d0e0e4736", null, null);
        List<Object> args = new ArrayList<>();
        String where = byTrace.where(0, args);
        args.add(50);
        DatabaseLogin owner = auditOwner();
        StringBuilder plan = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(owner.jdbcUrl(), owner.username(), owner.password())) {
            try (Statement settings = connection.createStatement()) {
                // A test trail is small enough to read whole; tell the planner a large one is not.
                settings.execute("SET enable_seqscan = off");
            }
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN SELECT " + AuditRecordRows.COLUMNS
                    + " FROM audit_records WHERE " + where + " ORDER BY seq LIMIT ?")) {
                for (int i = 0; i < args.size(); i++) {
                    explain.setObject(i + 1, args.get(i));
                }
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        assertThat(plan.toString()).contains("audit_records_trace");
    }
}
