package io.agentshop.infra.stack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stack is real: what is written to PostgreSQL and Kafka is there again after a restart on the same directories. */
class LocalStackTest {

    @TempDir
    Path dataDirectory;

    @Test
    void keepsARowAndAnAcknowledgedRecordAcrossARestart() throws Exception {
        StackSettings settings = freshPorts(dataDirectory);
        String marker = UUID.randomUUID().toString();
        long offset;

        try (LocalStack stack = LocalStack.start(settings)) {
            try (Connection events = stack.ownerLogin(Database.EVENTS).connect();
                 Statement statement = events.createStatement()) {
                statement.execute("CREATE TABLE marker (value text PRIMARY KEY)");
                statement.execute("INSERT INTO marker VALUES ('" + marker + "')");
            }
            try (KafkaProducer<String, String> producer = producer(stack.bootstrapServers())) {
                RecordMetadata metadata = producer.send(new ProducerRecord<>(settings.eventsTopic(), marker, marker))
                        .get(30, TimeUnit.SECONDS);
                offset = metadata.offset();
            }
        }

        try (LocalStack restarted = LocalStack.start(settings)) {
            try (Connection events = restarted.ownerLogin(Database.EVENTS).connect();
                 Statement statement = events.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT value FROM marker")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(marker);
            }
            assertThat(consumeAll(restarted.bootstrapServers(), settings.eventsTopic()))
                    .anySatisfy(record -> {
                        assertThat(record.value()).isEqualTo(marker);
                        assertThat(record.offset()).isEqualTo(offset);
                    });
        }
    }

    /** What a supervisor does: PostgreSQL killed with SIGKILL starts again on its directory, committed rows intact. */
    @Test
    void startsPostgresAgainAfterItWasKilledWithItsCommittedRows() throws Exception {
        try (LocalStack stack = LocalStack.start(freshPorts(dataDirectory))) {
            try (Connection events = stack.ownerLogin(Database.EVENTS).connect();
                 Statement statement = events.createStatement()) {
                statement.execute("CREATE TABLE committed (value text)");
                statement.execute("INSERT INTO committed VALUES ('kept')");
            }
            ProcessHandle postmaster = stack.postgres().postmaster().orElseThrow();
            new ProcessBuilder("kill", "-9", Long.toString(postmaster.pid())).start().waitFor();
            stack.postgresExited().get(30, TimeUnit.SECONDS);

            // At once: the restart itself waits for the dead server's backends to leave its shared memory.
            stack.restartPostgres();

            try (Connection events = stack.ownerLogin(Database.EVENTS).connect();
                 Statement statement = events.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT value FROM committed")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("kept");
            }
            assertThat(stack.postgresExited()).as("the new server is watched").isNotDone();
        }
    }

    @Test
    void givesEachConcernItsOwnDatabaseAndPasswordProtectedRoles() throws Exception {
        try (LocalStack stack = LocalStack.start(freshPorts(dataDirectory))) {
            for (Database database : LocalStack.DATABASES) {
                try (Connection connection = stack.ownerLogin(database).connect()) {
                    assertThat(connection.getCatalog()).isEqualTo(database.name());
                }
            }
            try (Connection auditWriter = stack.appLogin(Database.AUDIT).connect()) {
                assertThat(auditWriter.getMetaData().getUserName()).isEqualTo("agentshop_audit_writer");
            }

            DatabaseLogin readModels = stack.ownerLogin(Database.READ_MODELS);
            DatabaseLogin readModelsRoleOnEvents = new DatabaseLogin(
                    stack.ownerLogin(Database.EVENTS).jdbcUrl(), readModels.username(), readModels.password());
            assertThatThrownBy(readModelsRoleOnEvents::connect)
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");

            DatabaseLogin wrongPassword = new DatabaseLogin(readModels.jdbcUrl(), readModels.username(), "guess");
            assertThatThrownBy(wrongPassword::connect)
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void refusesATakenPortInOneLineBeforeStartingAnything() throws Exception {
        StackSettings settings = freshPorts(dataDirectory);
        try (ServerSocket squatter = new ServerSocket(settings.kafkaPort(), 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalStack.start(settings))
                    .isInstanceOf(StackStartupException.class)
                    .hasMessageContaining("port " + settings.kafkaPort() + " (Kafka) is already in use")
                    .hasMessageNotContaining("\n");
        }
        assertThat(dataDirectory.resolve("postgres")).doesNotExist();
        assertThat(Ports.isFree(settings.postgresPort())).isTrue();
    }

    @Test
    void refusesADataDirectoryOfAnotherPostgresMajorVersionInOneLine() throws Exception {
        StackSettings settings = freshPorts(dataDirectory);
        Files.createDirectories(dataDirectory.resolve("postgres"));
        Files.writeString(dataDirectory.resolve("postgres/PG_VERSION"), "16\n");

        assertThatThrownBy(() -> LocalStack.start(settings))
                .isInstanceOf(StackStartupException.class)
                .hasMessageContaining("made by PostgreSQL 16 but this stack runs PostgreSQL 17")
                .hasMessageNotContaining("\n");
        assertThat(Ports.isFree(settings.postgresPort())).isTrue();
        assertThat(dataDirectory.resolve("kafka")).doesNotExist();
    }

    static StackSettings freshPorts(Path dataDirectory) {
        int kafka = Ports.anyFree();
        int controller = Ports.anyFree();
        return new StackSettings(dataDirectory, Ports.anyFree(), kafka, controller, "stack-test.events", 3,
                "test-password", 1);
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String bootstrapServers, String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "stack-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (records.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
