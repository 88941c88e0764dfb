package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.queryside.QuerySideApplication;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.metrics.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.agentshop.queryside.EventsOnKafka.envelope;
import static io.agentshop.queryside.EventsOnKafka.payload;
import static io.agentshop.queryside.EventsOnKafka.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit store never skips a record and never stalls in silence: one its database refuses (here a trigger, as an
 * operator's mistake would) stops its partition after a few attempts, the health says DOWN with the partition, the
 * offset and the reason, the lag keeps counting what waits behind it, other partitions go on, and once the cause is
 * fixed and the stall cleared (the operator's {@code retry-stalled}) the records follow in their order.
 */
class AuditStallIT extends QuerySideIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    @Qualifier("auditJdbc")
    JdbcTemplate audit;


    @Test
    void aRecordTheAuditDatabaseRefusesStopsItsPartitionLoudlyAndTheRestFollowInOrderOnceCleared() throws Exception {
        String key = "stall-" + UUID.randomUUID();
        String elsewhere = otherPartitionThan(key);
        List<ObjectNode> stream = IntStream.range(0, 4).mapToObj(i -> envelope("OrderConfirmed", "Order", key, i,
                "u-stall", "agent-1", "place_order", payload(Map.of("orderId", key)))).toList();
        String poisoned = stream.get(1).path("eventId").asText();
        refuseInTheAuditStore(poisoned);
        try {
            publish(TOPIC, stream);
            ObjectNode meanwhile = envelope("OrderConfirmed", "Order", elsewhere, 0, "u-other", "agent-1",
                    "place_order", payload(Map.of("orderId", elsewhere)));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(stalls()).anySatisfy(stall -> assertThat(stall.path("offset").asLong()).isNotNegative()));
            publish(TOPIC, List.of(meanwhile));

            JsonNode health = health();
            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            JsonNode stall = stalls().get(0);
            assertThat(stall.path("projection").asText()).isEqualTo("audit-store");
            assertThat(stall.path("reason").asText()).contains("refused for this test");
            assertThat(recorded(stream)).as("the first record only, nothing after the refused one")
                    .containsExactly(stream.get(0).path("eventId").asText());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(recorded(List.of(meanwhile))).as("another partition goes on").hasSize(1));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                PrometheusScrape scrape = new PrometheusScrape(anonymous().getForObject("/actuator/prometheus",
                        String.class));
                assertThat(scrape.valueOf("agentshop_consumer_lag", Map.of("projection", "audit-store")))
                        .as("the three records waiting behind the stop").isGreaterThanOrEqualTo(3);
                assertThat(scrape.valueOf("agentshop_consumer_stalled_partitions", Map.of("projection", "audit-store")))
                        .isEqualTo(1);
            });
        } finally {
            allowInTheAuditStore();
        }

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = QuerySideApplication.retryStalled(commandLine("--projection=audit-store"),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("cleared", "audit-store");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorded(stream)).as("in their order")
                .containsExactlyElementsOf(stream.stream().map(e -> e.path("eventId").asText()).toList()));
        assertThat(health().path("components").path("projections").path("status").asText()).isEqualTo("UP");
        assertThat(verifyAudit().intact()).isTrue();
    }

    /** The event ids of these envelopes in the audit trail, in the trail's order. */
    private List<String> recorded(List<ObjectNode> envelopes) {
        return audit.queryForList("SELECT event_id FROM audit_records WHERE event_id = ANY (?) ORDER BY seq",
                String.class, (Object) envelopes.stream().map(e -> e.path("eventId").asText()).toArray(String[]::new));
    }

    private JsonNode health() throws Exception {
        return JSON.readTree(anonymous().getForEntity("/actuator/health", String.class).getBody());
    }

    private JsonNode stalls() throws Exception {
        return health().path("components").path("projections").path("details").path("stalled");
    }

    /** A key whose records land on another partition of the test topic than {@code key}'s. */
    private static String otherPartitionThan(String key) {
        int partitions = 3;
        int partition = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                key.getBytes(StandardCharsets.UTF_8))) % partitions;
        for (int i = 0; ; i++) {
            String candidate = "stall-other-" + i + "-" + UUID.randomUUID();
            if (org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    candidate.getBytes(StandardCharsets.UTF_8))) % partitions != partition) {
                return candidate;
            }
        }
    }

    private static void refuseInTheAuditStore(String eventId) throws Exception {
        asOwner("CREATE OR REPLACE FUNCTION refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.event_id = '" + eventId + "' THEN RAISE EXCEPTION 'record % refused for this test',"
                + " NEW.event_id; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER refuse_for_test BEFORE INSERT ON audit_records FOR EACH ROW"
                        + " EXECUTE FUNCTION refuse_for_test()");
    }

    private static void allowInTheAuditStore() throws Exception {
        asOwner("DROP TRIGGER IF EXISTS refuse_for_test ON audit_records", "DROP FUNCTION IF EXISTS refuse_for_test()");
    }

    private static void asOwner(String... statements) throws Exception {
        DatabaseLogin owner = auditOwner();
        try (Connection connection = DriverManager.getConnection(owner.jdbcUrl(), owner.username(), owner.password());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The operator's command line against this test's databases. */
    private String[] commandLine(String... arguments) {
        DatabaseLogin owner = auditOwner();
        List<String> all = new java.util.ArrayList<>(List.of(arguments));
        all.add("--spring.profiles.active=local");
        all.add("--spring.datasource.url=" + environment("spring.datasource.url"));
        all.add("--spring.datasource.username=" + environment("spring.datasource.username"));
        all.add("--spring.datasource.password=" + environment("spring.datasource.password"));
        all.add("--agentshop.audit.datasource.url=" + environment("agentshop.audit.datasource.url"));
        all.add("--agentshop.audit.datasource.username=" + environment("agentshop.audit.datasource.username"));
        all.add("--agentshop.audit.datasource.password=" + environment("agentshop.audit.datasource.password"));
        all.add("--agentshop.audit.owner.username=" + owner.username());
        all.add("--agentshop.audit.owner.password=" + owner.password());
        all.add("--agentshop.kafka.bootstrap-servers=" + environment("agentshop.kafka.bootstrap-servers"));
        return all.toArray(String[]::new);
    }

    @Autowired
    org.springframework.core.env.Environment springEnvironment;

    private String environment(String property) {
        return springEnvironment.getRequiredProperty(property);
    }
}
