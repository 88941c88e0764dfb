package io.agentshop.infra.testsupport;

import io.agentshop.infra.stack.KafkaBroker;
import io.agentshop.infra.stack.Ports;
import io.agentshop.infra.stack.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** PostgreSQL and a Kafka node from Maven artifacts, on free ports and a temporary directory deleted at the end. */
final class EmbeddedTestStack extends ProvisioningTestStack implements AutoCloseable {

    private final Path directory;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;

    private EmbeddedTestStack(Path directory, PostgresServer postgres, KafkaBroker kafka) {
        this.directory = directory;
        this.postgres = postgres;
        this.kafka = kafka;
        superuser(postgres.superuser());
    }

    static EmbeddedTestStack start() {
        try {
            Path directory = Files.createTempDirectory("agentshop-test-stack-");
            PostgresServer postgres = PostgresServer.start(directory.resolve("postgres"), Ports.anyFree(),
                    PostgresServer.Durability.FAST);
            try {
                KafkaBroker kafka = KafkaBroker.start(directory.resolve("kafka"), Ports.anyFree(), Ports.anyFree(), 3);
                return new EmbeddedTestStack(directory, postgres, kafka);
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for the test stack", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary directory is not worth failing a finished test run for.
        }
    }
}
