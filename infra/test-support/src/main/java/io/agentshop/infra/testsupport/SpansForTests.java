package io.agentshop.infra.testsupport;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The spans an application under test finishes, kept in memory where a test can read them (production ships them, if
 * an exporter is set): {@code @Import(SpansForTests.class)} in the edge's and the query side's Spring tests.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SpansForTests {

    @Bean
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
