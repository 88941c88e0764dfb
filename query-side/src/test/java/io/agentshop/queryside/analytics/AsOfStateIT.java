package io.agentshop.queryside.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentshop.queryside.EventsOnKafka.envelope;
import static io.agentshop.queryside.EventsOnKafka.payload;
import static io.agentshop.queryside.EventsOnKafka.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An account as it stood at a given time, folded from the audit store's envelopes by the live projection's code. */
class AsOfStateIT extends QuerySideIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    @Qualifier("auditJdbc")
    JdbcTemplate audit;

    @Override
    protected String token() {
        return TestTokens.person("analyst-1", "analyst");
    }

    @Test
    void anAccountBannedAnHourAgoWasActiveBeforeAndIsBannedNow() throws Exception {
        String userId = "asof-" + UUID.randomUUID();
        Instant now = Instant.now();
        publish(TOPIC, List.of(
                at(envelope("AccountOpened", "Account", userId, 0, userId, null, "sign-in",
                        payload(Map.of("userId", userId, "mode", "ACTIVE"))), now.minusSeconds(3 * 3600)),
                at(envelope("DelegationGranted", "Account", userId, 1, userId, null, "consent", payload(Map.of(
                        "userId", userId, "agentId", "agent-1", "scopes", List.of("orders:write"),
                        "limits", Map.of("maxOrderTotal", Map.of("minorUnits", 100, "currency", "EUR"))))),
                        now.minusSeconds(2 * 3600)),
                at(envelope("AccountModeChanged", "Account", userId, 2, "admin", null, "admin-console",
                        payload(Map.of("userId", userId, "previousMode", "ACTIVE", "mode", "BANNED",
                                "reason", "fraud"))), now.minusSeconds(3600))));
        await().atMost(Duration.ofSeconds(20)).until(() -> audit.queryForObject(
                "SELECT count(*) FROM audit_records WHERE target_id = ?", Integer.class, userId) == 3);

        JsonNode before = JSON.readTree(http.getForObject("/analytics/accounts/" + userId + "/as-of?at="
                + now.minusSeconds(90 * 60), String.class));
        JsonNode today = JSON.readTree(http.getForObject("/analytics/accounts/" + userId + "/as-of?at=" + now,
                String.class));
        JsonNode beforeOpening = JSON.readTree(http.getForObject("/analytics/accounts/" + userId + "/as-of?at="
                + now.minusSeconds(4 * 3600), String.class));

        assertThat(before.at("/state/accounts/0/mode").asText()).as("%s", before).isEqualTo("ACTIVE");
        assertThat(before.at("/state/delegations/0/agent_id").asText()).isEqualTo("agent-1");
        assertThat(before.path("eventsApplied").asInt()).isEqualTo(2);
        assertThat(today.at("/state/accounts/0/mode").asText()).isEqualTo("BANNED");
        assertThat(beforeOpening.at("/state/accounts")).isEmpty();
        assertThat(JSON.readTree(as(TestTokens.service(TestTokens.EDGE_SCOPES)).getForObject("/accounts/" + userId,
                String.class)).path("mode").asText())
                .as("the live read model is untouched").isEqualTo("BANNED");
    }

    private static ObjectNode at(ObjectNode envelope, Instant occurredAt) {
        envelope.put("occurredAt", occurredAt.toString());
        return envelope;
    }
}
