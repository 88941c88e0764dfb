package io.agentshop.infra.testsupport;

import io.agentshop.infra.stack.DatabaseLogin;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * PostgreSQL and Kafka in containers, for machines with a Docker engine. Without one, every test that needs the
 * stack is skipped with the reason, never failed: the embedded stack is the default everywhere.
 */
final class ContainerTestStack extends ProvisioningTestStack implements AutoCloseable {

    static final String POSTGRES_IMAGE = "postgres:17-alpine";
    static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

    private final PostgreSQLContainer<?> postgres;
    private final KafkaContainer kafka;

    private ContainerTestStack(PostgreSQLContainer<?> postgres, KafkaContainer kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
        superuser(new DatabaseLogin(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()));
    }

    static ContainerTestStack start() {
        if (!dockerAvailable()) {
            throw new TestAbortedException("agentshop.test.stack=testcontainers was chosen but no Docker engine"
                    + " answers on this machine; skipping. Run without the switch to use the embedded stack.");
        }
        PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(POSTGRES_IMAGE);
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        postgres.start();
        kafka.start();
        return new ContainerTestStack(postgres, kafka);
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String kind() {
        return "testcontainers";
    }

    @Override
    public void close() {
        kafka.stop();
        postgres.stop();
    }
}
