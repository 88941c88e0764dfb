package io.agentshop.queryside.audit;

import io.agentshop.queryside.QuerySideApplication;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecords;
import io.agentshop.queryside.audit.verify.Tampering;
import io.agentshop.queryside.audit.verify.VerificationResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.agentshop.queryside.audit.AuditTrailFixtures.tamper;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A superuser switches the append-only trigger off and changes, removes or swaps records of a fresh user; the
 * verifier names the record and how. Every test repairs the trail in a finally block (the database is shared), and
 * tampers only with records in the middle of its own, so appends by other tests are never in the way.
 */
class TamperedAuditTrailTest extends QuerySideIntegrationTest {

    private static final String COLUMNS = "event_id, occurred_at, recorded_at, user_id, agent_id, actor_chain, actor,"
            + " action, event_type, target_type, target_id, outcome, reason_code, payload_digest, envelope, prev_hash, hash";

    /** Where the command is told the signing key is: nowhere that exists. */
    static final java.nio.file.Path NO_KEY_HERE = TRUST.directory().resolve("auditor-machine/no-key-here.pk8");

    @Autowired
    AuditRecords records;


    @Autowired
    Environment environment;

    @Test
    void anIntactTrailVerifiesAndTheCommandLineExitsZero() {
        String user = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 2));
        AuditTrailFixtures.awaitRecords(records, user, 2);

        VerificationResult result = verifyAudit();

        assertThat(result.intact()).as(result.describe()).isTrue();
        assertThat(result.firstBadRecord()).isNull();
        CommandRun run = verifyAuditCommand();
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(NO_KEY_HERE).as("verify-audit created no signing key").doesNotExist();
    }

    @Test
    void aChangedFieldIsFoundAndNamed() throws Exception {
        List<AuditRecord> mine = threeRecords();
        long middle = mine.get(1).seq();
        try {
            tamper("UPDATE audit_records SET outcome = 'refused', reason_code = 'NOT_AUTHORIZED' WHERE seq = " + middle);

            VerificationResult result = verifyAudit();

            assertThat(result.intact()).isFalse();
            assertThat(result.firstBadRecord().seq()).isEqualTo(middle);
            assertThat(result.firstBadRecord().problem()).isEqualTo(Tampering.CHANGED);
            CommandRun run = verifyAuditCommand();
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.output()).contains("seq " + middle + " changed");
        } finally {
            tamper("UPDATE audit_records SET outcome = 'accepted', reason_code = NULL WHERE seq = " + middle);
        }
        assertThat(verifyAudit().intact()).isTrue();
    }

    @Test
    void aRemovedRecordIsFoundAndNamed() throws Exception {
        List<AuditRecord> mine = threeRecords();
        long middle = mine.get(1).seq();
        try {
            tamper("CREATE TABLE removed_audit_record AS SELECT * FROM audit_records WHERE seq = " + middle,
                    "DELETE FROM audit_records WHERE seq = " + middle);

            VerificationResult result = verifyAudit();

            assertThat(result.intact()).isFalse();
            assertThat(result.firstBadRecord().seq()).isEqualTo(middle);
            assertThat(result.firstBadRecord().problem()).isEqualTo(Tampering.REMOVED);
        } finally {
            tamper("INSERT INTO audit_records SELECT * FROM removed_audit_record",
                    "DROP TABLE removed_audit_record");
        }
        assertThat(verifyAudit().intact()).isTrue();
    }

    @Test
    void twoSwappedRecordsAreFoundAsReordered() throws Exception {
        List<AuditRecord> mine = threeRecords();
        long first = mine.get(0).seq();
        long second = mine.get(1).seq();
        try {
            tamper("CREATE TABLE swapped_audit_records AS SELECT * FROM audit_records WHERE seq IN (" + first + ", "
                            + second + ")",
                    "DELETE FROM audit_records WHERE seq IN (" + first + ", " + second + ")",
                    "INSERT INTO audit_records (seq, " + COLUMNS + ") SELECT CASE seq WHEN " + first + " THEN "
                            + second + " ELSE " + first + " END, " + COLUMNS + " FROM swapped_audit_records");

            VerificationResult result = verifyAudit();

            assertThat(result.intact()).isFalse();
            assertThat(result.firstBadRecord().seq()).isEqualTo(first);
            assertThat(result.firstBadRecord().problem()).isEqualTo(Tampering.REORDERED);
        } finally {
            tamper("DELETE FROM audit_records WHERE seq IN (" + first + ", " + second + ")",
                    "INSERT INTO audit_records SELECT * FROM swapped_audit_records",
                    "DROP TABLE swapped_audit_records");
        }
        assertThat(verifyAudit().intact()).isTrue();
    }

    /** Three records of a fresh user, the last of which is followed by at least one more record. */
    private List<AuditRecord> threeRecords() {
        String user = AuditTrailFixtures.freshUser();
        AuditTrailFixtures.publish(AuditTrailFixtures.ordersPlaced(user, 3));
        List<AuditRecord> mine = AuditTrailFixtures.awaitRecords(records, user, 3);
        assertThat(verifyAudit().intact()).as("the trail is intact before tampering").isTrue();
        return mine;
    }

    record CommandRun(int exitCode, String output) {
    }

    /** {@code java -jar query-side.jar verify-audit} in this JVM, against the test stack's audit database. */
    private CommandRun verifyAuditCommand() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String[] properties = {"spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "agentshop.audit.datasource.url", "agentshop.audit.datasource.username",
                "agentshop.audit.datasource.password", "agentshop.audit.owner.username",
                "agentshop.audit.owner.password", "agentshop.kafka.bootstrap-servers", "agentshop.kafka.events-topic",
                "agentshop.audit.trust.origin", "agentshop.audit.trust.log-keys", "agentshop.audit.trust.witness-url",
                "agentshop.audit.trust.witness-keys"};
        String[] args = new String[properties.length + 2];
        for (int i = 0; i < properties.length; i++) {
            args[i] = "--" + properties[i] + "=" + environment.getProperty(properties[i]);
        }
        args[properties.length] = "--server.port=0";
        // As on an auditor's machine: no private key there, and verifying must not make one.
        args[properties.length + 1] = "--agentshop.audit.signing-key-file=" + NO_KEY_HERE;
        int exit = QuerySideApplication.verifyAudit(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
        return new CommandRun(exit, printed.toString(StandardCharsets.UTF_8));
    }
}
