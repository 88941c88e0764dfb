package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Feeds projections from the events topic with one plain Kafka consumer: the poll loop and its life. Each record is
 * read once and applied to every projection the consumer feeds (the three read models share one, the audit store has
 * its own, a rebuild has its own); a poll's records are applied in one database transaction together with each
 * projection's next offset of each partition and the ids of the applied events ({@link BatchApplier}); on start and
 * after a rebalance the consumer seeks each partition to the earliest offset its projections stored there
 * ({@link FedProjection}). So a crash never applies an event twice nor skips one, and a redelivered event (same id) is
 * skipped. A record that cannot be read, or whose content a projection cannot apply, goes to that projection's dead
 * letters with the reason and does not stop its partition ({@link RecordApplier}); a record that keeps failing where
 * the projection may not skip anything (the audit store) stops its partition for that projection
 * ({@link PartitionStalls}), and the partition is fetched no more once every projection of the consumer stopped it; a
 * failure of the database or the broker stops the consumer, which resumes from the stored offsets after a back-off.
 * <p>
 * Its projections' meters ({@link ProjectionMeters}) count only what committed, and the lag is measured on its own
 * thread (a Kafka consumer is not thread-safe) after each poll's records are committed.
 */
public final class ProjectionConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionConsumer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String name;
    private final List<FedProjection> projections;
    private final BatchApplier batches;
    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final MeterRegistry meters;
    private final Duration closeTimeout;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** A consumer of its own for one projection: a rebuild (no meters of the live projection, nobody to wake). */
    public ProjectionConsumer(Projection projection, DataSource dataSource, String bootstrapServers, String topic,
                              ObjectMapper json, MeterRegistry meters, ConsumerOptions options) {
        this(List.of(Fed.quietly(projection)), dataSource, bootstrapServers, topic, json, meters, options);
    }

    /** One consumer for projections that write to the same database, {@code options.groupId()} its name. */
    public ProjectionConsumer(List<Fed> fed, DataSource dataSource, String bootstrapServers, String topic,
                              ObjectMapper json, MeterRegistry meters, ConsumerOptions options) {
        if (fed.isEmpty()) {
            throw new IllegalArgumentException("a consumer feeds at least one projection");
        }
        this.name = options.groupId();
        this.closeTimeout = options.closeTimeout();
        this.topic = topic;
        this.meters = meters;
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        // A savepoint, so one record that cannot be applied rolls back alone.
        TransactionTemplate savepoints = new TransactionTemplate(transactionManager);
        savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        List<FedProjection> projections = new ArrayList<>();
        for (Fed one : fed) {
            ConsumerBookkeeping bookkeeping = new ConsumerBookkeeping(dataSource, one.projection().name(), topic);
            projections.add(new FedProjection(one, bookkeeping,
                    new PartitionStalls(one.projection().name(), topic, bookkeeping, one.meters()),
                    new RecordApplier(one.projection(), bookkeeping, savepoints, options.observations())));
        }
        this.projections = List.copyOf(projections);
        this.batches = new BatchApplier(name, this.projections, new TransactionTemplate(transactionManager), json,
                meters);
        this.consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, options.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, "agentshop-" + options.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.maxPollRecords(),
                // A killed node's partitions go to the others after 10 s without its heartbeat, not Kafka's default
                // 45 s: that long, those partitions' events reach no read model and no audit record. Heartbeats come
                // from the client's own thread, so a long batch does not count against it (max.poll.interval does).
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    /** A consumer on its own (tools, tests): its projection's name as group, meters of its own in {@code meters}. */
    public static ProjectionConsumer standalone(Projection projection, DataSource dataSource, String bootstrapServers,
                                                String topic, ObjectMapper json, MeterRegistry meters) {
        return new ProjectionConsumer(List.of(new Fed(projection, ProjectionMeters.register(meters, projection.name()),
                () -> { })), dataSource, bootstrapServers, topic, json, meters,
                new ConsumerOptions(projection.name(), io.micrometer.observation.ObservationRegistry.NOOP));
    }

    /** The consumer's name, also its Kafka group. */
    public String name() {
        return name;
    }

    /** Whether it feeds the projection of this name. */
    public boolean feeds(String projection) {
        return projections.stream().anyMatch(fed -> fed.name().equals(projection));
    }

    /**
     * The next offset per partition stored with its projections' data: how far all of them have applied the topic
     * (the earliest, where they differ).
     */
    public Map<Integer, Long> storedOffsets() {
        Map<Integer, Long> offsets = null;
        for (FedProjection projection : projections) {
            Map<Integer, Long> stored = projection.bookkeeping().storedOffsets();
            if (offsets == null) {
                offsets = new HashMap<>(stored);
            } else {
                offsets.keySet().retainAll(stored.keySet());
                offsets.replaceAll((partition, offset) -> Math.min(offset, stored.get(partition)));
            }
        }
        return offsets;
    }

    /** The partitions this consumer stopped for one of its projections at a record it could not apply. */
    public Collection<ConsumerBookkeeping.PartitionStall> stalls() {
        return projections.stream().flatMap(projection -> projection.stalls().all().stream()).toList();
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "consumer-" + name);
        thread.start();
    }

    @Override
    public void stop() {
        stopAndWait();
    }

    /** Stops the consumer; true once its thread has finished (at most 30 s later), false if it has not. */
    public boolean stopAndWait() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread == null) {
            return true;
        }
        try {
            return stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        try {
            while (running) {
                // Closed before the back-off below: a consumer that waits to retry holds no partitions meanwhile.
                try (Closing closing = new Closing(new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                        new ByteArrayDeserializer()), closeTimeout)) {
                    KafkaConsumer<String, byte[]> kafka = closing.kafka();
                    consumer = kafka;
                    kafka.subscribe(List.of(topic), new SeekToStoredOffsets(kafka));
                    while (running) {
                        ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                        if (!records.isEmpty()) {
                            batches.apply(records);
                            pauseWhereEveryProjectionStopped(kafka);
                        }
                        resumeCleared(kafka);
                        measureLag(kafka);
                        backoff = FIRST_BACKOFF;
                    }
                } catch (WakeupException stopping) {
                    // stop() was called
                } catch (RuntimeException e) {
                    // The batch rolled back: a new consumer resumes from the offsets stored with the last commit (and
                    // tries a failing record again, up to PartitionStalls.MAX_ATTEMPTS, unless the database or broker
                    // is out).
                    meters.counter("agentshop.consumer.failures", "consumer", name).increment();
                    log.warn("{}: {}; resuming from the stored offsets in {} ms", name, e.toString(),
                            backoff.toMillis());
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } finally {
            consumer = null;
            projections.forEach(projection -> {
                projection.meters().lagUnknown();
                projection.meters().stalled(0);
            });
            stopped.countDown();
        }
    }

    /**
     * A partition every projection stopped is fetched no more, its position back where they stopped: its lag keeps
     * counting what waits behind the stop.
     */
    private void pauseWhereEveryProjectionStopped(KafkaConsumer<String, byte[]> kafka) {
        Set<TopicPartition> paused = kafka.paused();
        for (TopicPartition partition : kafka.assignment()) {
            if (!paused.contains(partition) && projections.stream()
                    .allMatch(projection -> projection.stalls().isStopped(partition.partition()))) {
                kafka.pause(List.of(partition));
                seekToEarliestPosition(kafka, partition);
            }
        }
    }

    /** Partitions an operator cleared for a projection are read again from where that projection stopped. */
    private void resumeCleared(KafkaConsumer<String, byte[]> kafka) {
        Set<TopicPartition> cleared = new HashSet<>();
        projections.forEach(projection -> cleared.addAll(projection.stalls().resumeCleared()));
        cleared.retainAll(kafka.assignment());
        for (TopicPartition partition : cleared) {
            seekToEarliestPosition(kafka, partition);
            kafka.resume(List.of(partition));
        }
    }

    /** The partition from the earliest position of the consumer's projections; each passes over what it applied. */
    private void seekToEarliestPosition(KafkaConsumer<String, byte[]> kafka, TopicPartition partition) {
        long earliest = Long.MAX_VALUE;
        for (FedProjection projection : projections) {
            OptionalLong position = projection.position(partition);
            if (position.isEmpty()) {
                kafka.seekToBeginning(List.of(partition));
                return;
            }
            earliest = Math.min(earliest, position.getAsLong());
        }
        kafka.seek(partition, earliest);
    }

    /** A failed measurement keeps the last value: it is no reason to restart the consumer. */
    private void measureLag(KafkaConsumer<String, byte[]> kafka) {
        try {
            long lag = ConsumerLag.of(kafka);
            projections.forEach(projection -> projection.meters().lag(lag));
        } catch (WakeupException stopping) {
            throw stopping;
        } catch (KafkaException notNow) {
            log.debug("{}: lag not measured this time: {}", name, notNow.toString());
        }
    }

    /** The back-off between attempts after a failed batch: the database or broker gets time to come back. */
    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Kafka consumer, closed within the consumer's close timeout when its loop ends. */
    private record Closing(KafkaConsumer<String, byte[]> kafka, Duration timeout) implements AutoCloseable {

        @Override
        public void close() {
            kafka.close(CloseOptions.timeout(timeout));
        }
    }

    /** Positions each newly assigned partition at the earliest offset stored with its projections' data. */
    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, byte[]> kafka;

        SeekToStoredOffsets(KafkaConsumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (FedProjection projection : projections) {
                partitions.forEach(projection::assigned);
                // Stopped here or on another node, and not cleared yet: it stays stopped, not tried again.
                projection.stalls().keepStopped(partitions);
            }
            for (TopicPartition partition : partitions) {
                seekToEarliestPosition(kafka, partition);
            }
            pauseWhereEveryProjectionStopped(kafka);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Offsets live in the database, committed with the writes: nothing to commit here.
            projections.forEach(projection -> projection.revoked(partitions));
        }
    }
}
