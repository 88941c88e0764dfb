package io.agentshop.queryside.consumer;

import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.audit.record.AuditRecordFilter;
import io.agentshop.queryside.audit.record.AuditRecords;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.agentshop.queryside.EventsOnKafka.envelope;
import static io.agentshop.queryside.EventsOnKafka.payload;
import static io.agentshop.queryside.EventsOnKafka.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each projection applies a record inside the trace its traceparent header names: one trace from tool to audit. */
class ProjectionTracingIT extends QuerySideIntegrationTest {

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    SdkTracerProvider tracing;

    @Autowired
    AuditRecords records;

    @Test
    void everyProjectionAppliesTheRecordAsAChildOfTheSpanInItsTraceparent() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String publishSpan = "00f067aa0ba902b7";
        String userId = "user-" + UUID.randomUUID();

        publish(TOPIC, List.of(envelope("AccountOpened", "Account", userId, 0, userId, null, "sign-in",
                payload(Map.of("userId", userId, "mode", "ACTIVE")))),
                Map.of("traceparent", "00-" + traceId + "-" + publishSpan + "-01"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> records.page(AuditRecordFilter.ofUser(userId), 0, 10).size() == 1);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            tracing.forceFlush().join(10, TimeUnit.SECONDS);
            List<SpanData> inTrace = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(traceId)).toList();
            assertThat(inTrace).extracting(SpanData::getName)
                    .containsExactlyInAnyOrder("catalog apply", "orders apply", "accounts apply", "audit-store apply");
            assertThat(inTrace).allSatisfy(span -> {
                assertThat(span.getParentSpanId()).isEqualTo(publishSpan);
                assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
                assertThat(span.getStatus().getStatusCode().name()).isNotEqualTo("ERROR");
            });
        });
    }
}
