package io.agentshop.mcpedge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
class McpEdgeHealthTest {

    static final String TOPIC = "mcp-edge.events";

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack stack = TestStacks.shared();
        DatabaseLogin events = stack.database("mcp_edge_events");
        registry.add("spring.datasource.url", events::jdbcUrl);
        registry.add("spring.datasource.username", events::username);
        registry.add("spring.datasource.password", events::password);
        registry.add("agentshop.kafka.bootstrap-servers", stack::bootstrapServers);
        registry.add("agentshop.kafka.events-topic", () -> stack.topic(TOPIC, 3));
    }

    @Autowired
    TestRestTemplate http;

    @Test
    void healthIsUpWithPostgresAndKafkaDetails() throws Exception {
        ResponseEntity<String> response = http.getForEntity("/actuator/health", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode health = new ObjectMapper().readTree(response.getBody());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/details/database").asText()).isEqualTo("PostgreSQL");
        assertThat(health.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/details/eventsTopic").asText()).isEqualTo(TOPIC);
        assertThat(health.at("/components/kafka/details/partitions").asInt()).isEqualTo(3);
        assertThat(health.at("/components/kafka/details/nodes").asInt()).isEqualTo(1);
    }
}
