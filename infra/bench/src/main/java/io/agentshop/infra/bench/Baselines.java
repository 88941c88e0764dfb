package io.agentshop.infra.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the same servers do on their own, measured in the same run at the same concurrency: single-row INSERT + COMMIT
 * into the event store's PostgreSQL, one record at a time produced to Kafka with {@code acks=all} and waited for (as an
 * agent waits for its call), and reading the events topic from the start.
 */
final class Baselines {

    private Baselines() {
    }

    /** Commits per second, {@code concurrency} connections each inserting and committing one row at a time. */
    static double postgresCommitsPerSecond(SystemUnderTest system, int concurrency, Duration duration)
            throws Exception {
        try (Connection setup = events(system); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS bench_baseline (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)");
        }
        AtomicLong commits = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread thread = new Thread(() -> {
                try (Connection connection = events(system);
                     PreparedStatement insert = connection.prepareStatement(
                             "INSERT INTO bench_baseline (payload) VALUES (?)")) {
                    connection.setAutoCommit(false);
                    while (System.nanoTime() < end) {
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.executeUpdate();
                        connection.commit();
                        commits.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        try (Connection cleanup = events(system); Statement statement = cleanup.createStatement()) {
            statement.execute("DROP TABLE bench_baseline");
        }
        return commits.get() / (double) duration.toSeconds();
    }

    /** Acknowledged records per second, {@code concurrency} threads each sending one and waiting for its ack. */
    static double kafkaProducedPerSecond(SystemUnderTest system, int concurrency, Duration duration) throws Exception {
        String topic = "bench.baseline." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka()))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        AtomicLong acknowledged = new AtomicLong();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        byte[] payload = new byte[600]; // about an event envelope's size
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, payload)).get(); // metadata and connections before the clock
            long end = System.nanoTime() + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                Thread thread = new Thread(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString().getBytes(),
                                    payload)).get();
                            acknowledged.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka()))) {
            admin.deleteTopics(Set.of(topic)).all().get();
        }
        return acknowledged.get() / (double) duration.toSeconds();
    }

    /** Records per second reading the whole events topic from the start with a fresh consumer group. */
    static double kafkaConsumedPerSecond(SystemUnderTest system, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long read = 0;
            long began = System.nanoTime();
            while (read < total) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            return read / ((System.nanoTime() - began) / 1e9);
        }
    }

    private static Connection events(SystemUnderTest system) throws SQLException {
        return DriverManager.getConnection(system.eventsJdbcUrl(), "agentshop_events", "agentshop-local");
    }
}
