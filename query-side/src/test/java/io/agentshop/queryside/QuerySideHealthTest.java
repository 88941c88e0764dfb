package io.agentshop.queryside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.infra.stack.Database;
import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.testsupport.RealStack;
import io.agentshop.infra.testsupport.TestStack;
import io.agentshop.infra.testsupport.TestStacks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@RealStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class QuerySideHealthTest {

    static final String TOPIC = "query-side.events";
    static final Database AUDIT = new Database("query_side_audit", "query_side_audit", "query_side_audit_writer");

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack stack = TestStacks.shared();
        DatabaseLogin readModels = stack.database("query_side_readmodels");
        stack.database(AUDIT);
        DatabaseLogin auditWriter = stack.appLogin(AUDIT);
        registry.add("spring.datasource.url", readModels::jdbcUrl);
        registry.add("spring.datasource.username", readModels::username);
        registry.add("spring.datasource.password", readModels::password);
        registry.add("agentshop.audit.datasource.url", auditWriter::jdbcUrl);
        registry.add("agentshop.audit.datasource.username", auditWriter::username);
        registry.add("agentshop.audit.datasource.password", auditWriter::password);
        registry.add("agentshop.kafka.bootstrap-servers", stack::bootstrapServers);
        registry.add("agentshop.kafka.events-topic", () -> stack.topic(TOPIC, 3));
    }

    @Autowired
    TestRestTemplate http;

    @Test
    void healthIsUpWithBothDatabasesAndKafka() throws Exception {
        ResponseEntity<String> response = http.getForEntity("/actuator/health", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode health = new ObjectMapper().readTree(response.getBody());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/components/readModelsDataSource/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/components/readModelsDataSource/details/database").asText())
                .isEqualTo("PostgreSQL");
        assertThat(health.at("/components/db/components/auditDataSource/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/details/eventsTopic").asText()).isEqualTo(TOPIC);
    }
}
