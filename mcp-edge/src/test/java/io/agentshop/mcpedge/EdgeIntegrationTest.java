package io.agentshop.mcpedge;

import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.testsupport.SpansForTests;
import io.agentshop.infra.testsupport.RealStack;
import io.agentshop.infra.testsupport.TestAuthServer;
import io.agentshop.infra.testsupport.TestStack;
import io.agentshop.infra.testsupport.TestStacks;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One edge per test JVM, on the real stack (PostgreSQL event store, Kafka) and trusting the real development
 * authorization server, which runs from its jar and knows this edge by its port. No query side runs here.
 */
@RealStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@AutoConfigureMetrics
@AutoConfigureTracing
@AutoConfigureTestRestTemplate // metrics and tracing as in production: tests read /actuator/prometheus and trace ids
@ActiveProfiles("local")
@Import(SpansForTests.class)
public abstract class EdgeIntegrationTest {

    protected static final String TOPIC = "mcp-edge.events";

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack stack = TestStacks.shared();
        DatabaseLogin events = stack.database("mcp_edge_events");
        registry.add("spring.datasource.url", events::jdbcUrl);
        registry.add("spring.datasource.username", events::username);
        registry.add("spring.datasource.password", events::password);
        registry.add("agentshop.kafka.bootstrap-servers", stack::bootstrapServers);
        registry.add("agentshop.kafka.events-topic", () -> stack.topic(TOPIC, 3));

        TestAuthServer auth = TestAuthServer.shared();
        registry.add("server.port", auth::edgePort);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", auth::issuer);
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences",
                () -> String.join(",", auth.edgeResource(), auth.edgeBase(), auth.edgeResourceByName(),
                        auth.edgeBaseByName()));
        registry.add("spring.security.oauth2.client.provider.agentshop.token-uri", () -> auth.issuer() + "/token");
        registry.add("agentshop.query-side.url", auth::querySideResource);
        registry.add("agentshop.query-side.resource", auth::querySideResource);
        registry.add("agentshop.mcp.resource", auth::edgeResource);
        registry.add("agentshop.mcp.authorization-servers", auth::issuer);
    }

    protected static TestAuthServer auth() {
        return TestAuthServer.shared();
    }
}
