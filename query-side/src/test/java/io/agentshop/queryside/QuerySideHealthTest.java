package io.agentshop.queryside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class QuerySideHealthTest extends QuerySideIntegrationTest {

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
