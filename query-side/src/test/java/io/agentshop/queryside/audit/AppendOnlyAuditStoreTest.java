package io.agentshop.queryside.audit;

import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.testsupport.TestStacks;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.audit.checkpoint.Checkpoint;
import io.agentshop.queryside.audit.checkpoint.Checkpointer;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nobody but a superuser who switches the trigger off can change the trail; the application's login not at all. */
class AppendOnlyAuditStoreTest extends QuerySideIntegrationTest {

    @Autowired
    AuditRecords records;

    @Autowired
    Checkpointer checkpointer;

    @Autowired
    Checkpoints checkpoints;

    @Test
    void theApplicationsLoginMayNotUpdateDeleteOrTruncateRecordsOrCheckpoints() throws Exception {
        AuditRecord record = oneRecord();
        DatabaseLogin writer = TestStacks.shared().appLogin(AUDIT);
        for (String sql : new String[]{
                "UPDATE audit_records SET outcome = 'refused' WHERE seq = " + record.seq(),
                "DELETE FROM audit_records WHERE seq = " + record.seq(),
                "TRUNCATE audit_records",
                "UPDATE audit_checkpoints SET root_hash = 'x'",
                "DELETE FROM audit_checkpoints",
                "TRUNCATE audit_checkpoints"}) {
            assertThatThrownBy(() -> execute(writer, sql)).as(sql)
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("permission denied"));
        }
        assertThat(records.bySeq(record.seq())).contains(record);
    }

    @Test
    void theOwnerIsStoppedByTheAppendOnlyTrigger() throws Exception {
        AuditRecord record = oneRecord();
        // A row-level trigger fires only for rows there are: make sure a checkpoint exists.
        Checkpoint signed = checkpointer.checkpointNow().orElseThrow();
        DatabaseLogin owner = auditOwner();
        for (String sql : new String[]{
                "UPDATE audit_records SET outcome = 'refused' WHERE seq = " + record.seq(),
                "DELETE FROM audit_records WHERE seq = " + record.seq(),
                "TRUNCATE audit_records",
                "UPDATE audit_checkpoints SET root_hash = 'x'",
                "DELETE FROM audit_checkpoints",
                "TRUNCATE audit_checkpoints"}) {
            assertThatThrownBy(() -> execute(owner, sql)).as(sql)
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("append-only"));
        }
        assertThat(records.bySeq(record.seq())).contains(record);
        assertThat(checkpoints.ofSize(signed.treeSize())).contains(signed);
    }

    private AuditRecord oneRecord() {
        String user = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 1));
        return AuditTrailFixtures.awaitRecords(records, user, 1).get(0);
    }

    private static void execute(DatabaseLogin login, String sql) throws SQLException {
        try (Connection connection = login.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
