package io.agentshop.queryside;

import io.agentshop.infra.stack.Database;
import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.testsupport.RealStack;
import io.agentshop.infra.testsupport.TestStack;
import io.agentshop.infra.testsupport.TestStacks;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The query side on the real stack, consumers running. Every test class extending this shares one Spring context
 * (and so one set of databases and one topic); tests isolate themselves by fresh aggregate ids.
 */
@RealStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
public abstract class QuerySideIntegrationTest {

    public static final String TOPIC = "query-side.events";
    public static final Database AUDIT =
            new Database("query_side_audit", "query_side_audit", "query_side_audit_writer");

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack stack = TestStacks.shared();
        DatabaseLogin readModels = stack.database("query_side_readmodels");
        DatabaseLogin auditOwner = stack.database(AUDIT);
        DatabaseLogin auditWriter = stack.appLogin(AUDIT);
        registry.add("spring.datasource.url", readModels::jdbcUrl);
        registry.add("spring.datasource.username", readModels::username);
        registry.add("spring.datasource.password", readModels::password);
        registry.add("agentshop.audit.datasource.url", auditWriter::jdbcUrl);
        registry.add("agentshop.audit.datasource.username", auditWriter::username);
        registry.add("agentshop.audit.datasource.password", auditWriter::password);
        registry.add("agentshop.audit.owner.username", auditOwner::username);
        registry.add("agentshop.audit.owner.password", auditOwner::password);
        registry.add("agentshop.kafka.bootstrap-servers", stack::bootstrapServers);
        registry.add("agentshop.kafka.events-topic", () -> stack.topic(TOPIC, 3));
    }

    /** The superuser's login to the audit database: what a tamperer would use. */
    protected static DatabaseLogin auditOwner() {
        return TestStacks.shared().database(AUDIT);
    }
}
