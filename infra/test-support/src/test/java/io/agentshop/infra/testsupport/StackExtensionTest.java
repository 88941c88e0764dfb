package io.agentshop.infra.testsupport;

import io.agentshop.infra.stack.DatabaseLogin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RealStack
class StackExtensionTest {

    @Test
    void givesTheClassARealDatabaseOfItsOwn(TestScope scope) throws Exception {
        try (Connection connection = scope.database().connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS probe (id int PRIMARY KEY)");
            statement.execute("INSERT INTO probe VALUES (1) ON CONFLICT DO NOTHING");
            try (ResultSet rows = statement.executeQuery("SELECT count(*), current_database() FROM probe")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
                assertThat(rows.getString(2)).contains("stackextensiontest");
            }
        }
    }

    @Test
    void sameClassSameScope(TestScope first, TestScope second) {
        assertThat(first).isSameAs(second);
        assertThat(first.database()).isEqualTo(second.database());
    }

    @Test
    void anotherClassCannotReachThisClassesDatabase(TestScope scope, TestStack stack) {
        TestScope other = new TestScope(stack, SomeOtherTest.class);
        DatabaseLogin mine = scope.database();
        DatabaseLogin theirs = other.database();
        assertThat(theirs.jdbcUrl()).isNotEqualTo(mine.jdbcUrl());

        DatabaseLogin theirRoleOnMyDatabase = new DatabaseLogin(mine.jdbcUrl(), theirs.username(), theirs.password());
        assertThatThrownBy(theirRoleOnMyDatabase::connect)
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    @Test
    void givesTheClassARealTopicOfItsOwn(TestScope scope) throws Exception {
        String topic = scope.topic("probe");
        assertThat(topic).contains("stackextensiontest").endsWith(".probe");

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, scope.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", "hello")).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, scope.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (records.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).singleElement().satisfies(record -> assertThat(record.value()).isEqualTo("hello"));
    }

    static final class SomeOtherTest {
    }
}
