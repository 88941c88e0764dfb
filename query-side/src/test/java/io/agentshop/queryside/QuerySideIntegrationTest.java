package io.agentshop.queryside;

import io.agentshop.infra.stack.Database;
import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.testsupport.SpansForTests;
import io.agentshop.infra.testsupport.RealStack;
import io.agentshop.infra.testsupport.TestStack;
import io.agentshop.infra.testsupport.TestStacks;
import io.agentshop.queryside.audit.checkpoint.Checkpointer;
import io.agentshop.queryside.audit.verify.AuditVerifier;
import io.agentshop.queryside.audit.verify.VerificationResult;
import io.agentshop.queryside.audit.witness.Witnessing;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The query side on the real stack, consumers running. Every test class extending this shares one Spring context
 * (and so one set of databases and one topic); tests isolate themselves by fresh aggregate ids.
 * <p>
 * The API checks bearer tokens as in production, against keys from {@link TestTokens}: {@link #http} sends the
 * class's {@link #token()}, {@link #as(String)} another token, {@link #anonymous()} none.
 */
@RealStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Boot's tests leave metrics exporters out unless asked: /actuator/prometheus is part of what is tested.
@AutoConfigureMetrics
@AutoConfigureTracing
@AutoConfigureTestRestTemplate
@Import(SpansForTests.class)
@ActiveProfiles("local")
public abstract class QuerySideIntegrationTest {

    public static final String TOPIC = "query-side.events";
    public static final Database AUDIT =
            new Database("query_side_audit", "query_side_audit", "query_side_audit_writer");

    /** The shared context's audit log key and witness. */
    public static final TestAuditTrust TRUST = TestAuditTrust.start("query-side.test/audit");

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        register(registry, "query_side_readmodels", AUDIT, TOPIC, TRUST);
        // Few remembered exports, so a test sees the oldest forgotten without starting a hundred.
        registry.add("agentshop.analytics.remembered-exports", () -> "3");
    }

    /**
     * A query side on the shared stack with databases, topic and audit trust of its own: what a test context that
     * must not share the audit trail (it attacks it) registers too.
     */
    public static void register(DynamicPropertyRegistry registry, String readModelsDatabase, Database audit,
                                String topic, TestAuditTrust trust) {
        TestStack stack = TestStacks.shared();
        DatabaseLogin readModels = stack.database(readModelsDatabase);
        DatabaseLogin auditOwner = stack.database(audit);
        DatabaseLogin auditWriter = stack.appLogin(audit);
        registry.add("spring.datasource.url", readModels::jdbcUrl);
        registry.add("spring.datasource.username", readModels::username);
        registry.add("spring.datasource.password", readModels::password);
        registry.add("agentshop.audit.datasource.url", auditWriter::jdbcUrl);
        registry.add("agentshop.audit.datasource.username", auditWriter::username);
        registry.add("agentshop.audit.datasource.password", auditWriter::password);
        registry.add("agentshop.audit.owner.username", auditOwner::username);
        registry.add("agentshop.audit.owner.password", auditOwner::password);
        // Checkpoints are signed where a test asks for one, so no schedule races a test that tampers with the trail.
        registry.add("agentshop.audit.checkpoint.enabled", () -> "false");
        registry.add("agentshop.audit.signing-key-file", () -> trust.logKeyFile().toString());
        registry.add("agentshop.audit.trust.origin", trust::origin);
        registry.add("agentshop.audit.trust.log-keys", () -> trust.logKey().toString());
        registry.add("agentshop.audit.trust.witness-url", trust::witnessUrl);
        registry.add("agentshop.audit.trust.witness-keys", () -> trust.witnessKey().toString());
        registry.add("agentshop.kafka.bootstrap-servers", stack::bootstrapServers);
        registry.add("agentshop.kafka.events-topic", () -> stack.topic(topic, 3));
        // Production finds the keys through the issuer's metadata; here they come straight from the test key set.
        // Boot still checks iss against the issuer and aud against the default audience.
        registry.add("agentshop.security.issuer-uri", () -> TestTokens.ISSUER);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwkSetUri);
    }

    @LocalServerPort
    private int port;

    @Autowired
    private RestTemplateBuilder restTemplates;

    /** Requests to the query side under test with this class's {@link #token()}. */
    protected TestRestTemplate http;

    @BeforeEach
    void httpWithToken() {
        http = as(token());
    }

    /** The token {@link #http} sends: unless a class says otherwise, the MCP edge's own with all its scopes. */
    protected String token() {
        return TestTokens.service(TestTokens.EDGE_SCOPES);
    }

    /** Requests with this bearer token. */
    protected TestRestTemplate as(String token) {
        return new TestRestTemplate(restTemplates.rootUri("http://127.0.0.1:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }

    /** Requests without any token. */
    protected TestRestTemplate anonymous() {
        return new TestRestTemplate(restTemplates.rootUri("http://127.0.0.1:" + port));
    }

    @Autowired
    private Checkpointer auditCheckpointer;

    @Autowired
    private Witnessing auditWitnessing;

    @Autowired
    private AuditVerifier auditVerifier;

    /**
     * The verifier's findings once a checkpoint covers what is stored and went to the witness, as the schedule this
     * context does not run would have done: a trail with no checkpoint, or with checkpoints the witness never saw,
     * is not intact. A trail the checkpointer finds broken gets no new checkpoint.
     */
    protected VerificationResult verifyAudit() {
        auditCheckpointer.checkpointNow();
        auditWitnessing.witnessNewest();
        return auditVerifier.verify();
    }

    /** The superuser's login to the audit database: what a tamperer would use. */
    protected static DatabaseLogin auditOwner() {
        return TestStacks.shared().database(AUDIT);
    }
}
