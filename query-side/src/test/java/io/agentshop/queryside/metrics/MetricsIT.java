package io.agentshop.queryside.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.audit.checkpoint.Checkpoint;
import io.agentshop.queryside.audit.checkpoint.Checkpointer;
import io.agentshop.queryside.audit.record.AuditRecordFilter;
import io.agentshop.queryside.audit.record.AuditRecords;
import io.agentshop.queryside.consumer.ProjectionConsumers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
 * The query side's meters as Prometheus scrapes them (without a token), on the running application with its live
 * consumers. The context is shared with other test classes, so counters are compared before and after.
 */
class MetricsIT extends QuerySideIntegrationTest {

    private static final int N = 12;

    @Autowired
    ProjectionConsumers consumers;

    @Autowired
    Checkpointer checkpointer;

    @Autowired
    AuditRecords records;

    @Autowired
    MeterRegistry meters;

    @Test
    void afterNEventsEveryProjectionAppliedAtLeastNTheAuditMeasuredNRecordsAndNoConsumerLagsBehind() {
        List<String> projections = consumers.names();
        assertThat(projections).contains("catalog", "orders", "accounts", "audit-store");
        PrometheusScrape before = scrape();
        Map<String, Double> appliedBefore = new HashMap<>();
        projections.forEach(name -> appliedBefore.put(name,
                before.counter("agentshop_projection_applied_total", Map.of("projection", name))));
        double freshBefore = before.counter("agentshop_audit_freshness_seconds_count", Map.of());

        publish(TOPIC, accountsOpened(N));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            PrometheusScrape after = scrape();
            for (String name : projections) {
                assertThat(after.valueOf("agentshop_projection_applied_total", Map.of("projection", name))
                        - appliedBefore.get(name)).as(name).isGreaterThanOrEqualTo(N);
            }
            assertThat(after.valueOf("agentshop_audit_freshness_seconds_count", Map.of()) - freshBefore)
                    .isGreaterThanOrEqualTo(N);
        });
        // Caught up: every consumer has measured, after its last poll, that nothing is left behind the topic's end.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusScrape now = scrape();
            for (String name : projections) {
                assertThat(now.valueOf("agentshop_consumer_lag", Map.of("projection", name))).as(name).isZero();
            }
        });
        PrometheusScrape now = scrape();
        // The freshness timer is a histogram, for quantiles over all nodes (histogram_quantile in Prometheus).
        assertThat(now.valueOf("agentshop_audit_freshness_seconds_bucket", Map.of("le", "+Inf")))
                .isEqualTo(now.valueOf("agentshop_audit_freshness_seconds_count", Map.of()));
        assertThat(now.valueOf("agentshop_audit_freshness_seconds_bucket", Map.of("le", "3600.0")))
                .as("buckets reach an hour").isPositive();
        // This node's median and 99th percentile are kept too; Micrometer's Prometheus format does not print them
        // beside a histogram, other registries (and /actuator/metrics, if exposed) do.
        assertThat(meters.get("agentshop.audit.freshness").timer().takeSnapshot().percentileValues())
                .extracting(ValueAtPercentile::percentile).containsExactly(0.5, 0.99);
        for (String name : projections) {
            assertThat(now.value("agentshop_projection_dead_letters_total", Map.of("projection", name))).as(name)
                    .isPresent();
        }
    }

    @Test
    void theCheckpointAgeIsTheTimeSinceTheLatestCheckpointWasSigned() {
        publish(TOPIC, accountsOpened(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> scrape()
                .valueOf("agentshop_consumer_lag", Map.of("projection", "audit-store")) == 0);
        Checkpoint signed = checkpointer.checkpointNow().orElseThrow();

        // The gauge reads the latest checkpoint's time at most every few seconds: it may still show an older one.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            double age = scrape().valueOf("agentshop_audit_checkpoint_age_seconds", Map.of());
            double sinceSigned = Duration.between(signed.createdAt(), Instant.now()).toNanos() / 1e9;
            assertThat(age).isPositive().isLessThanOrEqualTo(sinceSigned + 0.5);
        });
        assertThat(scrape().valueOf("agentshop_audit_checkpoint_age_seconds", Map.of())).isLessThan(30);
    }

    @Test
    void theScrapeNeedsNoTokenAndNamesNoUserAgentOrTrace() {
        String user = "user-" + UUID.randomUUID();
        ObjectNode event = envelope("AccountOpened", "Account", user, 0, user, "agent-" + user, "sign-in",
                payload(Map.of("userId", user, "mode", "ACTIVE")));
        String traceId = UUID.randomUUID().toString().replace("-", "");
        ((ObjectNode) event.get("actor")).put("traceId", traceId);
        publish(TOPIC, List.of(event));
        await().atMost(Duration.ofSeconds(30)).until(() -> records.page(AuditRecordFilter.ofUser(user), 0, 10).size() == 1);
        // Requests with the user in the path and query, so the HTTP meters had a chance to pick them up.
        http.getForEntity("/accounts/" + user, String.class);
        http.getForEntity("/orders?userId=" + user, String.class);

        ResponseEntity<String> scrape = anonymous().getForEntity("/actuator/prometheus", String.class);

        assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(scrape.getBody()).contains("agentshop_projection_applied_total{", "http_server_requests_seconds");
        // http_client_requests are this test's own RestTemplate calls (built by the application's builder, so they
        // land in its registry with their literal URIs); the query side itself calls no HTTP service with user data.
        String served = scrape.getBody().lines().filter(line -> !line.startsWith("http_client_requests"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(served).doesNotContain(user, traceId);
        assertThat(anonymous().getForEntity("/audit/records", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private PrometheusScrape scrape() {
        ResponseEntity<String> response = anonymous().getForEntity("/actuator/prometheus", String.class);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        return new PrometheusScrape(response.getBody());
    }

    /** {@code count} accounts of fresh users: every projection takes each in, the audit store records each. */
    private static List<ObjectNode> accountsOpened(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            String user = "user-" + UUID.randomUUID();
            return envelope("AccountOpened", "Account", user, 0, user, null, "sign-in",
                    payload(Map.of("userId", user, "mode", "ACTIVE")));
        }).toList();
    }
}
