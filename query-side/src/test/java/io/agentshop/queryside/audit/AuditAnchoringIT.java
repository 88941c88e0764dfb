package io.agentshop.queryside.audit;

import io.agentshop.infra.stack.Database;
import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.testsupport.RealStack;
import io.agentshop.infra.testsupport.TestStack;
import io.agentshop.infra.testsupport.TestStacks;
import io.agentshop.queryside.EventsOnKafka;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.TestAuditTrust;
import io.agentshop.queryside.TestTokens;
import io.agentshop.queryside.audit.checkpoint.CheckpointSettings;
import io.agentshop.queryside.audit.checkpoint.Checkpointer;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.queryside.audit.checkpoint.LogKeys;
import io.agentshop.queryside.audit.proof.ProofCheck;
import io.agentshop.queryside.audit.reconcile.KafkaReconciliation;
import io.agentshop.queryside.audit.reconcile.ReconciliationResult;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecordFilter;
import io.agentshop.queryside.audit.record.AuditRecordHash;
import io.agentshop.queryside.audit.record.AuditRecordRows;
import io.agentshop.queryside.audit.record.AuditRecords;
import io.agentshop.queryside.audit.verify.AuditVerifier;
import io.agentshop.queryside.audit.verify.StoreGuards;
import io.agentshop.queryside.audit.verify.VerificationResult;
import io.agentshop.queryside.audit.witness.WitnessAnchor;
import io.agentshop.queryside.audit.witness.WitnessClient;
import io.agentshop.queryside.audit.witness.WitnessStatus;
import io.agentshop.queryside.audit.witness.Witnessing;
import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.tlog.MerkleTree;
import io.agentshop.tlog.NoteKey;
import io.agentshop.tlog.NoteSigner;
import io.agentshop.tlog.TlogProof;
import io.agentshop.tlog.TreeHead;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail against its own operators (issue 18): a superuser, the tables' owner and the writer login attack a
 * running query side's audit store of its own (own database, own topic, own witness), and each attack is named by
 * the verifier, refused by the witness where it can see it, or found by reconciling with Kafka. Every test starts
 * from an honest, witnessed trail and puts it back afterwards; the witness's memory is what it is.
 */
@RealStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Boot's tests leave metrics exporters out unless asked: the refusal counter is part of what is tested.
@AutoConfigureMetrics
@ActiveProfiles("local")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditAnchoringIT {

    static final Database AUDIT = new Database("anchoring_audit", "anchoring_audit", "anchoring_audit_writer");
    static final String TOPIC = "anchoring.events";
    static final TestAuditTrust TRUST = TestAuditTrust.start("anchoring.test/audit");
    /** A person with the auditor role, as an outside auditor reaches the API. */
    static final String AUDITOR = TestTokens.person("auditor-1", "auditor");

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        QuerySideIntegrationTest.register(registry, "anchoring_readmodels", AUDIT, TOPIC, TRUST);
    }

    /** Who attacks: PostgreSQL's superuser, or the role that owns the audit tables (and may switch triggers off). */
    enum Operator {
        SUPERUSER, OWNER;

        DatabaseLogin login() {
            DatabaseLogin owner = TestStacks.shared().database(AUDIT);
            return this == OWNER ? owner : new DatabaseLogin(owner.jdbcUrl(), "postgres", "");
        }
    }

    @Autowired
    AuditRecords records;
    @Autowired
    Checkpoints checkpoints;
    @Autowired
    Checkpointer checkpointer;
    @Autowired
    Witnessing witnessing;
    @Autowired
    AuditVerifier verifier;
    @Autowired
    KafkaReconciliation reconciliation;
    @Autowired
    CheckpointSettings settings;
    @Autowired
    StoreGuards guards;
    @LocalServerPort
    int port;

    @Test
    @Order(1)
    void anHonestTrailIsWitnessedVerifiedAndReconciled() throws Exception {
        honestWitnessedTrail();

        VerificationResult result = verifier.verify();
        ReconciliationResult reconciled = reconciliation.reconcile();

        assertThat(result.intact()).as(result.describe()).isTrue();
        assertThat(result.witness().state()).isEqualTo("MATCHES");
        assertThat(result.witness().cosignedSize()).isEqualTo(records.latestSeq());
        assertThat(reconciled.consistent()).as(reconciled.describe()).isTrue();
        assertThat(reconciled.recordsChecked()).isEqualTo(records.latestSeq());
        HttpResponse<String> published = get("/audit/checkpoint");
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(published.body()).startsWith(TRUST.origin() + "\n" + records.latestSeq() + "\n")
                .contains("\u2014 witness.test/w1 ");
        assertThat(get("/actuator/health").body()).contains("\"auditWitness\"").contains("COSIGNED");
        HttpResponse<String> overHttp = get("/audit/reconcile", AUDITOR);
        assertThat(overHttp.statusCode()).isEqualTo(200);
        assertThat(overHttp.body()).contains("\"consistent\":true");
        assertThat(get("/audit/reconcile").statusCode()).as("auditors only").isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(Operator.class)
    @Order(2)
    void aRewrittenHistoryWithItsCheckpointsReSignedIsRefusedByTheWitnessAndNamed(Operator operator) throws Exception {
        long witnessed = honestWitnessedTrail();
        long target = witnessed - 2;
        saveTrail();
        try {
            // (a) Every checkpoint deleted, record `target` rewritten and every later hash recomputed…
            rewriteFrom(operator, target, true);
            VerificationResult unanchored = verifier.verify();
            assertThat(unanchored.intact()).isFalse();
            assertThat(unanchored.badCheckpoints()).anySatisfy(bad -> assertThat(bad.detail())
                    .contains("no signed checkpoint at all"));
            // …and a node restarted on it: its checkpointer checks the chain (whole), signs, submits.
            Checkpointer restarted = new Checkpointer(records, checkpoints, Ed25519KeyFile.load(TRUST.logKeyFile()),
                    TRUST.origin(), Clock.systemUTC(), settings);
            assertThat(restarted.checkpointNow()).as("the checkpointer signs what it finds consistent").isPresent();
            WitnessStatus status = witnessing.witnessNewest();

            assertThat(status.state()).isEqualTo(WitnessStatus.State.REFUSED);
            assertThat(status.detail()).contains("HTTP 422").contains("size " + witnessed);
            HttpResponse<String> health = get("/actuator/health");
            assertThat(health.statusCode()).as("the alarm: health DOWN").isEqualTo(503);
            assertThat(health.body()).contains("\"auditWitness\"").contains("\"cosignedSize\":" + witnessed)
                    .contains("REFUSED");
            assertThat(get("/actuator/health/readiness").statusCode()).as("reads go on").isEqualTo(200);
            assertThat(get("/actuator/prometheus").body()).containsPattern("agentshop_audit_witness_refusals_total [1-9]");
            VerificationResult result = verifier.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.witness().state()).isEqualTo("REWRITTEN");
            assertThat(result.witness().detail()).contains("at size " + witnessed)
                    .contains("at or before seq " + witnessed);
        } finally {
            restoreTrail();
        }
        assertThat(verifier.verify().intact()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Operator.class)
    @Order(3)
    void aCutTailIsNamedByTheVerifierAndTheWitnessRefusesTheSmallerTree(Operator operator) throws Exception {
        long witnessed = honestWitnessedTrail();
        saveTrail();
        try {
            // (b) The last three records deleted, with every checkpoint that covered them, and the rest re-signed.
            asOperator(operator, true, "DELETE FROM audit_records WHERE seq > " + (witnessed - 3),
                    "DELETE FROM audit_checkpoints WHERE tree_size > " + (witnessed - 4));
            VerificationResult result = verifier.verify();
            new Checkpointer(records, checkpoints, Ed25519KeyFile.load(TRUST.logKeyFile()), TRUST.origin(),
                    Clock.systemUTC(), settings).checkpointNow();
            WitnessStatus status = restartedWitnessing().witnessNewest();

            assertThat(result.intact()).isFalse();
            assertThat(result.witness().state()).isEqualTo("TRUNCATED");
            assertThat(result.firstBadRecord().seq()).isEqualTo(witnessed - 2);
            assertThat(result.witness().detail()).contains("records " + (witnessed - 2) + ".." + witnessed);
            assertThat(status.state()).isEqualTo(WitnessStatus.State.REFUSED);
            assertThat(status.detail()).contains("the witness cosigned " + witnessed + " records")
                    .contains("covers " + (witnessed - 3));
        } finally {
            restoreTrail();
        }
        assertThat(verifier.verify().intact()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Operator.class)
    @Order(4)
    void aSwitchedOffTriggerAndTheEditItAllowedAreReported(Operator operator) throws Exception {
        long witnessed = honestWitnessedTrail();
        saveTrail();
        try {
            // (c) The append-only trigger switched off (and left off), one record edited in place.
            asOperator(operator, false, "ALTER TABLE audit_records DISABLE TRIGGER audit_records_append_only",
                    "UPDATE audit_records SET reason_code = 'EDITED' WHERE seq = " + (witnessed - 1));

            VerificationResult result = verifier.verify();

            assertThat(result.intact()).isFalse();
            assertThat(result.guardProblems()).contains(
                    "trigger audit_records_append_only on audit_records is disabled");
            assertThat(result.firstBadRecord().seq()).isEqualTo(witnessed - 1);
            assertThat(result.describe()).contains("guard: trigger audit_records_append_only");
        } finally {
            asOperator(operator, false, "ALTER TABLE audit_records ENABLE TRIGGER audit_records_append_only");
            restoreTrail();
        }
        assertThat(verifier.verify().intact()).isTrue();
        assertThat(guards.problems()).isEmpty();
    }

    @Test
    @Order(4)
    void aTriggerThatOnlyLooksEnabledAndAColumnGrantAreReported() throws Exception {
        honestWitnessedTrail();
        String writer = TestStacks.shared().appLogin(AUDIT).username();
        try {
            // The owner keeps the trigger's name and its enabled flag, but lets every change through; and lets the
            // writer login update one column.
            asOperator(Operator.OWNER, false, "CREATE OR REPLACE TRIGGER audit_records_append_only BEFORE UPDATE OR"
                            + " DELETE ON audit_records FOR EACH ROW WHEN (false) EXECUTE FUNCTION audit_refuse_change()",
                    "GRANT UPDATE (reason_code) ON audit_records TO " + writer);

            VerificationResult result = verifier.verify();

            assertThat(result.intact()).isFalse();
            assertThat(result.guardProblems()).containsExactlyInAnyOrder(
                    "trigger audit_records_append_only on audit_records has a WHEN condition",
                    "the writer role " + writer + " has UPDATE on columns of audit_records");
        } finally {
            asOperator(Operator.OWNER, false, "CREATE OR REPLACE TRIGGER audit_records_append_only BEFORE UPDATE OR"
                            + " DELETE ON audit_records FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
                    "REVOKE UPDATE (reason_code) ON audit_records FROM " + writer);
        }
        assertThat(guards.problems()).isEmpty();
    }

    @Test
    @Order(4)
    void aDefusedRefusalAPublicGrantAndAWriterWhoMayBecomeTheOwnerAreReported() throws Exception {
        honestWitnessedTrail();
        DatabaseLogin owner = TestStacks.shared().database(AUDIT);
        String writer = TestStacks.shared().appLogin(AUDIT).username();
        try {
            // The triggers stay as they are; the function they call now lets every change through.
            asOperator(Operator.OWNER, false, "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger"
                            + " LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
                    "GRANT UPDATE ON audit_checkpoints TO PUBLIC");
            asOperator(Operator.SUPERUSER, false, "GRANT " + owner.username() + " TO " + writer);

            VerificationResult result = verifier.verify();

            assertThat(result.intact()).isFalse();
            assertThat(result.guardProblems()).contains(
                    "the function audit_refuse_change was replaced: it no longer just raises",
                    "PUBLIC has UPDATE on audit_checkpoints",
                    "audit_records is owned by " + owner.username() + ", and the writer role " + writer
                            + " is (or may become) that role");
        } finally {
            asOperator(Operator.SUPERUSER, false, "REVOKE " + owner.username() + " FROM " + writer);
            asOperator(Operator.OWNER, false, "REVOKE UPDATE ON audit_checkpoints FROM PUBLIC",
                    "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$"
                            + " BEGIN RAISE EXCEPTION 'the audit store is append-only: % on % is refused', TG_OP,"
                            + " TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$");
        }
        assertThat(guards.problems()).isEmpty();
    }

    @Test
    @Order(5)
    void aForkSignedWithACopiedKeyIsRefusedByTheWitness() throws Exception {
        long witnessed = honestWitnessedTrail();
        saveTrail();
        try {
            // (e) Whoever copied the signing key rewrites a record, signs the forged tree and asks the witness.
            rewriteFrom(Operator.SUPERUSER, witnessed - 1, false);
            NoteSigner copied = new NoteSigner(TRUST.origin(), Ed25519KeyFile.load(TRUST.logKeyFile()));
            List<byte[]> leaves = records.leafHashes(witnessed);
            TreeHead forged = new TreeHead(TRUST.origin(), witnessed, MerkleTree.root(leaves));
            WitnessClient.Answer answer = new WitnessClient(URI.create(TRUST.witnessUrl())).add(
                    new io.agentshop.tlog.AddCheckpointRequest(witnessed, List.of(), copied.signedNote(forged.text())));

            assertThat(answer).isInstanceOf(WitnessClient.Refused.class);
            assertThat(((WitnessClient.Refused) answer).status()).isEqualTo(422);
            assertThat(((WitnessClient.Refused) answer).reason()).contains("size " + witnessed + " was cosigned with root");
            VerificationResult result = verifier.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.witness().state()).isEqualTo("REWRITTEN");
        } finally {
            restoreTrail();
        }
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    @Order(5)
    void checkpointsKeptFromTheWitnessTooLongAreNotIntact() throws Exception {
        long witnessed = honestWitnessedTrail();
        publishOrders(2);
        // Signed, never handed to the witness (its traffic blocked, say): only the log vouches for the new records.
        checkpointer.checkpointNow();
        LogKeys keys = new LogKeys(TRUST.origin(), List.of(TRUST.logKey()));

        VerificationResult young = verifierTrusting(keys).verify();
        VerificationResult late = verifierTrusting(keys, Duration.ZERO).verify();

        assertThat(young.intact()).as(young.describe()).isTrue();
        assertThat(late.intact()).isFalse();
        assertThat(late.witness().state()).isEqualTo("LAGGING");
        assertThat(late.witness().detail()).contains("records " + (witnessed + 1) + "..");
        assertThat(anchor().state()).isEqualTo(WitnessStatus.State.COSIGNED);
        assertThat(verifierTrusting(keys, Duration.ZERO).verify().intact()).isTrue();
    }

    @Test
    @Order(6)
    void aRecordEveryProofVerifierAgreesOn() throws Exception {
        honestWitnessedTrail();
        String target = "order-" + UUID.randomUUID();
        EventsOnKafka.publish(TOPIC, List.of(EventsOnKafka.envelope("CommandRejected", "Order", target, 0, "user-p",
                "agent-p", "place_order", EventsOnKafka.payload(Map.of("reason", "INSUFFICIENT_STOCK",
                        "targetType", "Order", "targetId", target)))));
        AuditRecord refusal = await().atMost(Duration.ofSeconds(60)).until(() -> records.page(
                AuditRecordFilter.ALL, 0, 10_000).stream().filter(r -> target.equals(r.targetId())).findFirst(),
                Optional::isPresent).orElseThrow();
        anchor();

        HttpResponse<String> served = get("/audit/records/" + refusal.seq() + "/proof", AUDITOR);
        assertThat(served.statusCode()).isEqualTo(200);
        TlogProof proof = TlogProof.parse(served.body());
        Path file = Files.writeString(TRUST.directory().resolve("refusal.tlog-proof"), served.body());

        CommandRun ours = verifyProof("--proof=" + file, "--log-key=" + TRUST.logKey(),
                "--witness-key=" + TRUST.witnessKey());
        assertThat(ours.exitCode()).as(ours.output()).isZero();
        assertThat(ours.output()).contains("record " + refusal.seq() + " is in " + TRUST.origin())
                .contains("cosigned by [witness.test/w1]").contains("reason_code=INSUFFICIENT_STOCK");
        // A proof of another record's bytes, or with a witness the proof does not carry, does not verify.
        Path forged = Files.writeString(TRUST.directory().resolve("forged.tlog-proof"), new TlogProof(
                proof.extra() == null ? null : proof.extra().clone(), proof.index() - 1, proof.path(),
                proof.checkpoint()).text());
        assertThat(verifyProof("--proof=" + forged, "--log-key=" + TRUST.logKey()).exitCode()).isEqualTo(1);
        NoteKey stranger = NoteKey.of("witness.test/w1", NoteKey.COSIGNATURE_ED25519,
                Ed25519KeyFile.loadOrCreate(TRUST.directory().resolve("stranger.pk8")).publicKey());
        CommandRun wrongWitness = verifyProof("--proof=" + file, "--log-key=" + TRUST.logKey(), "--witness-key=" + stranger);
        assertThat(wrongWitness.exitCode()).isEqualTo(1);
        assertThat(wrongWitness.output()).contains("not cosigned by a trusted witness");

        // An implementation we did not write: Go's golang.org/x/mod/sumdb/note and sumdb/tlog.
        GoProofVerifier go = GoProofVerifier.build(TRUST.directory());
        GoProofVerifier.Run third = go.verify(TRUST.logKey().toString(), file);
        assertThat(third.exitCode()).as(third.output()).isZero();
        assertThat(third.output()).startsWith("verified: origin " + TRUST.origin()).contains("index "
                + (refusal.seq() - 1)).contains("chain hash " + refusal.hash());
        GoProofVerifier.Run thirdForged = go.verify(TRUST.logKey().toString(), forged);
        assertThat(thirdForged.exitCode()).as(thirdForged.output()).isEqualTo(1);
    }

    @Test
    @Order(7)
    void aForgedRecordAndCheckpointByTheWriterLoginAreFound() throws Exception {
        honestWitnessedTrail();
        saveTrail();
        try {
            // (d) The writer login appends a well-formed, correctly chained record no event caused, and a checkpoint.
            AuditRecord last = records.bySeq(records.latestSeq()).orElseThrow();
            Instant now = AuditRecordHash.storable(Instant.now());
            AuditRecord unhashed = new AuditRecord(last.seq() + 1, "forged-" + UUID.randomUUID(), now, now,
                    last.userId(), last.agentId(), last.actorChain(), last.actor(), "place_order",
                    "OrderPlaced", "Order", "order-forged", AuditRecord.ACCEPTED, null, last.payloadDigest(),
                    last.envelope(), last.hash(), null, AuditRecord.CURRENT_FORMAT, last.envelopeBytes());
            AuditRecord forged = unhashed.withHash(AuditRecordHash.of(unhashed));
            insertAsWriter(forged);

            VerificationResult verified = verifier.verify();
            ReconciliationResult reconciled = reconciliation.reconcile();

            assertThat(verified.firstBadRecord()).as("the chain itself holds: the forgery is well formed").isNull();
            assertThat(verified.badCheckpoints()).anySatisfy(bad -> assertThat(bad.treeSize()).isEqualTo(forged.seq()));
            assertThat(reconciled.consistent()).isFalse();
            assertThat(reconciled.firstMismatch()).startsWith("seq " + forged.seq() + " (event id " + forged.eventId()
                    + ") has no event on " + TOPIC);
            CommandRun command = reconcileCommand();
            assertThat(command.exitCode()).as(command.output()).isEqualTo(1);
            assertThat(command.output()).contains("seq " + forged.seq());
        } finally {
            restoreTrail();
        }
        assertThat(reconciliation.reconcile().consistent()).isTrue();
    }

    @Test
    @Order(7)
    void aForgedRecordThatTookAnEventsIdBeforeTheEventCameIsFound() throws Exception {
        honestWitnessedTrail();
        saveTrail();
        try {
            // (d) The writer login reads an event on its way (the relay's topic is readable to it, say) and appends
            // it first, exact bytes and all, under another user: the trail then passes the real event over as known.
            com.fasterxml.jackson.databind.node.ObjectNode event = EventsOnKafka.envelope("OrderPlaced", "Order",
                    "order-" + UUID.randomUUID(), 0, "user-real", "agent-real", "place_order",
                    EventsOnKafka.payload(Map.of("totalMinor", 1299)));
            byte[] bytes = EventsOnKafka.bytes(event);
            AuditRecord last = records.bySeq(records.latestSeq()).orElseThrow();
            AuditRecord honest = new io.agentshop.queryside.audit.record.AuditTrail(Clock.systemUTC()).recordOf(
                    io.agentshop.queryside.events.Envelope.parse(bytes, new com.fasterxml.jackson.databind.ObjectMapper()),
                    last.seq() + 1, last.hash());
            AuditRecord forged = new AuditRecord(honest.seq(), honest.eventId(), honest.occurredAt(),
                    honest.recordedAt(), "user-framed", honest.agentId(), honest.actorChain(), honest.actor(),
                    honest.action(), honest.eventType(), honest.targetType(), honest.targetId(), honest.outcome(),
                    honest.reasonCode(), honest.payloadDigest(), honest.envelope(), honest.prevHash(), null,
                    honest.format(), honest.envelopeBytes());
            forged = forged.withHash(AuditRecordHash.of(forged));
            insertAsWriter(forged, false);
            long before = records.latestSeq();
            EventsOnKafka.publish(TOPIC, List.of(event));
            // Until the consumer has passed the real event, the forged record has no event at all; then it has one.
            ReconciliationResult reconciled = await().atMost(Duration.ofSeconds(30)).until(reconciliation::reconcile,
                    result -> String.valueOf(result.firstMismatch()).contains("holds the bytes"));

            assertThat(verifier.verify().firstBadRecord()).as("the chain holds").isNull();
            assertThat(records.latestSeq()).as("the real event added nothing").isEqualTo(before);
            assertThat(reconciled.consistent()).isFalse();
            assertThat(reconciled.mismatchCount()).isEqualTo(1);
            assertThat(reconciled.firstMismatch()).startsWith("seq " + forged.seq() + " holds the bytes of partition ")
                    .endsWith("(event id " + forged.eventId() + ") but other user_id than those bytes give");
        } finally {
            restoreTrail();
        }
    }

    @Test
    @Order(8)
    void aNewSigningKeyTakesOverAndOldCheckpointsKeepVerifyingWithTheOldPublicKey() throws Exception {
        long before = honestWitnessedTrail();
        Ed25519KeyFile newKey = Ed25519KeyFile.loadOrCreate(TRUST.directory().resolve("log-2027.pk8"));
        NoteKey newVkey = NoteKey.of(TRUST.origin(), NoteKey.ED25519, newKey.publicKey());
        // The witness follows: it is told the new key beside the old one, and keeps what it cosigned.
        TRUST.restartWitness(TRUST.logKey(), newVkey);
        publishOrders(2);
        new Checkpointer(records, checkpoints, newKey, TRUST.origin(), Clock.systemUTC(), settings).checkpointNow();
        WitnessStatus status = restartedWitnessing().witnessNewest();

        LogKeys both = new LogKeys(TRUST.origin(), List.of(TRUST.logKey(), newVkey));
        LogKeys onlyNew = new LogKeys(TRUST.origin(), List.of(newVkey));
        VerificationResult withBoth = verifierTrusting(both).verify();
        VerificationResult withOnlyNew = verifierTrusting(onlyNew).verify();

        assertThat(status.state()).isEqualTo(WitnessStatus.State.COSIGNED);
        assertThat(status.cosignedSize()).isGreaterThan(before);
        assertThat(withBoth.intact()).as(withBoth.describe()).isTrue();
        assertThat(checkpoints.latest().orElseThrow().keyId()).isEqualTo(newKey.keyId());
        assertThat(withOnlyNew.intact()).isFalse();
        assertThat(withOnlyNew.badCheckpoints()).anySatisfy(bad -> assertThat(bad.detail())
                .contains("no signature of a trusted key"));
        assertThat(withOnlyNew.badCheckpoints()).noneSatisfy(bad -> assertThat(bad.treeSize())
                .isEqualTo(checkpoints.latest().orElseThrow().treeSize()));
    }

    /** Appends records, checkpoints and gets the newest checkpoint cosigned: the witnessed size. */
    private long honestWitnessedTrail() throws Exception {
        publishOrders(3);
        WitnessStatus status = anchor();
        assertThat(status.state()).as(String.valueOf(status.detail())).isEqualTo(WitnessStatus.State.COSIGNED);
        assertThat(verifier.verify().intact()).isTrue();
        return status.cosignedSize();
    }

    private WitnessStatus anchor() {
        checkpointer.checkpointNow();
        return witnessing.witnessNewest();
    }

    private void publishOrders(int count) {
        long before = records.latestSeq();
        AuditTrailFixtures.publishTo(TOPIC, AuditTrailFixtures.ordersPlaced(AuditTrailFixtures.freshUser(), count));
        await().atMost(Duration.ofSeconds(60)).until(() -> records.latestSeq() >= before + count);
    }

    /** A node that has just started: it knows nothing of what the witness last cosigned. */
    private Witnessing restartedWitnessing() {
        return new Witnessing(new WitnessClient(URI.create(TRUST.witnessUrl())), checkpoints, records, Clock.systemUTC());
    }

    private AuditVerifier verifierTrusting(LogKeys keys) {
        return verifierTrusting(keys, Duration.ofMinutes(5));
    }

    private AuditVerifier verifierTrusting(LogKeys keys, Duration maxWitnessLag) {
        return new AuditVerifier(records, checkpoints, keys, Optional.of(new WitnessAnchor(
                new WitnessClient(URI.create(TRUST.witnessUrl())), keys, List.of(TRUST.witnessKey()))), guards,
                maxWitnessLag, Clock.systemUTC());
    }

    /**
     * Changes record {@code seq}'s reason code and recomputes its hash and every later record's link and hash, as a
     * careful tamperer would; with {@code deleteCheckpoints}, every checkpoint goes too.
     */
    private void rewriteFrom(Operator operator, long seq, boolean deleteCheckpoints) throws Exception {
        List<AuditRecord> tail = records.page(AuditRecordFilter.ALL, seq - 1, 10_000);
        try (Connection connection = operator.login().connect()) {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                sql.execute("ALTER TABLE audit_records DISABLE TRIGGER audit_records_append_only");
                sql.execute("ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_append_only");
                if (deleteCheckpoints) {
                    sql.execute("DELETE FROM audit_checkpoints");
                }
            }
            String previous = tail.get(0).prevHash();
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE audit_records SET reason_code = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
                for (AuditRecord record : tail) {
                    String reason = record.seq() == seq ? "REWRITTEN" : record.reasonCode();
                    AuditRecord changed = new AuditRecord(record.seq(), record.eventId(), record.occurredAt(),
                            record.recordedAt(), record.userId(), record.agentId(), record.actorChain(), record.actor(),
                            record.action(), record.eventType(), record.targetType(), record.targetId(),
                            record.outcome(), reason, record.payloadDigest(), record.envelope(), previous, null,
                            record.format(), record.envelopeBytes());
                    changed = changed.withHash(AuditRecordHash.of(changed));
                    update.setString(1, reason);
                    update.setString(2, previous);
                    update.setString(3, changed.hash());
                    update.setLong(4, record.seq());
                    update.executeUpdate();
                    previous = changed.hash();
                }
            }
            try (Statement sql = connection.createStatement()) {
                sql.execute("ALTER TABLE audit_records ENABLE TRIGGER audit_records_append_only");
                sql.execute("ALTER TABLE audit_checkpoints ENABLE TRIGGER audit_checkpoints_append_only");
            }
            connection.commit();
        }
    }

    /** Statements as the operator, with the audit tables' triggers off for them when {@code untriggered}. */
    private static void asOperator(Operator operator, boolean untriggered, String... statements) throws Exception {
        try (Connection connection = operator.login().connect()) {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                if (untriggered) {
                    sql.execute("ALTER TABLE audit_records DISABLE TRIGGER USER");
                    sql.execute("ALTER TABLE audit_checkpoints DISABLE TRIGGER USER");
                }
                for (String statement : statements) {
                    sql.execute(statement);
                }
                if (untriggered) {
                    sql.execute("ALTER TABLE audit_records ENABLE TRIGGER USER");
                    sql.execute("ALTER TABLE audit_checkpoints ENABLE TRIGGER USER");
                }
            }
            connection.commit();
        }
    }

    private static void saveTrail() throws Exception {
        asOperator(Operator.SUPERUSER, false, "DROP TABLE IF EXISTS saved_records", "DROP TABLE IF EXISTS saved_checkpoints",
                "CREATE TABLE saved_records AS SELECT * FROM audit_records",
                "CREATE TABLE saved_checkpoints AS SELECT * FROM audit_checkpoints");
    }

    private static void restoreTrail() throws Exception {
        asOperator(Operator.SUPERUSER, true, "DELETE FROM audit_records", "DELETE FROM audit_checkpoints",
                "INSERT INTO audit_records SELECT * FROM saved_records",
                "INSERT INTO audit_checkpoints SELECT * FROM saved_checkpoints",
                "DROP TABLE saved_records", "DROP TABLE saved_checkpoints");
    }

    private static void insertAsWriter(AuditRecord record) {
        insertAsWriter(record, true);
    }

    /**
     * As the writer login, the way the audit trail appends (AuditRecordRows): the record, and with
     * {@code withCheckpoint} a checkpoint row with a signature of zeros by a key nobody configured.
     */
    private static void insertAsWriter(AuditRecord record, boolean withCheckpoint) {
        DatabaseLogin writer = TestStacks.shared().appLogin(AUDIT);
        JdbcTemplate asWriter = new JdbcTemplate(new DriverManagerDataSource(writer.jdbcUrl(), writer.username(),
                writer.password()));
        AuditRecordRows.insert(asWriter, record);
        if (withCheckpoint) {
            asWriter.update("INSERT INTO audit_checkpoints (tree_size, root_hash, created_at, key_id, signature)"
                    + " VALUES (?, ?, now(), ?, ?)", record.seq(), HexFormat.of().formatHex(new byte[32]),
                    "f".repeat(64), Base64.getEncoder().encodeToString(new byte[64]));
        }
    }

    record CommandRun(int exitCode, String output) {
    }

    private static CommandRun verifyProof(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = ProofCheck.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
        return new CommandRun(exit, printed.toString(StandardCharsets.UTF_8));
    }

    private CommandRun reconcileCommand() {
        TestStack stack = TestStacks.shared();
        DatabaseLogin writer = stack.appLogin(AUDIT);
        DatabaseLogin readModels = stack.database("anchoring_readmodels");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = io.agentshop.queryside.QuerySideApplication.reconcileAudit(new String[]{
                "--spring.datasource.url=" + readModels.jdbcUrl(), "--spring.datasource.username=" + readModels.username(),
                "--spring.datasource.password=" + readModels.password(),
                "--agentshop.audit.datasource.url=" + writer.jdbcUrl(),
                "--agentshop.audit.datasource.username=" + writer.username(),
                "--agentshop.audit.datasource.password=" + writer.password(),
                "--agentshop.kafka.bootstrap-servers=" + stack.bootstrapServers(),
                "--agentshop.kafka.events-topic=" + TOPIC, "--server.port=0", "--spring.profiles.active=local"},
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        return new CommandRun(exit, printed.toString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
