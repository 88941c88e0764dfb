package io.agentshop.mcpedge;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The spans the edge finishes, kept in memory where a test can read them (production ships them, if set). */
@TestConfiguration(proxyBeanMethods = false)
public class SpansForTests {

    @Bean
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
