package io.agentshop.mcpedge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class McpEdgeHealthIT extends EdgeIntegrationTest {

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
