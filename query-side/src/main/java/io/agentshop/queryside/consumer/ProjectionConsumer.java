package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Feeds one {@link Projection} from the events topic with a plain Kafka consumer: the poll loop and its life. A poll's
 * records are applied in one database transaction together with the next offset of each partition and the ids of the
 * applied events ({@link BatchApplier}); on start and after a rebalance the consumer seeks to the offsets stored there.
 * So a crash never applies an event twice nor skips one, and a redelivered event (same id) is skipped. A record that
 * cannot be read, or whose content the projection cannot apply, goes to the dead letters with the reason and does not
 * stop its partition ({@link RecordApplier}); a record that keeps failing where the projection may not skip anything
 * (the audit store) stops its own partition ({@link PartitionStalls}); a failure of the database or the broker stops
 * the consumer, which resumes from the stored offsets after a back-off.
 * <p>
 * Its meters ({@link ProjectionMeters}) count only what committed, and its lag is measured on its own thread (a Kafka
 * consumer is not thread-safe) after each poll's records are committed.
 */
public final class ProjectionConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionConsumer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Projection projection;
    private final ConsumerBookkeeping bookkeeping;
    private final PartitionStalls stalls;
    private final BatchApplier batches;
    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final MeterRegistry meters;
    private final ProjectionMeters projectionMeters;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public ProjectionConsumer(Projection projection, DataSource dataSource, String bootstrapServers, String topic,
                              ObjectMapper json, MeterRegistry meters, ConsumerOptions options) {
        this.projection = projection;
        this.topic = topic;
        this.meters = meters;
        this.projectionMeters = options.projectionMeters();
        this.bookkeeping = new ConsumerBookkeeping(dataSource, projection.name(), topic);
        this.stalls = new PartitionStalls(projection.name(), topic, bookkeeping, projectionMeters);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        // A savepoint, so one record that cannot be applied rolls back alone.
        TransactionTemplate savepoints = new TransactionTemplate(transactionManager);
        savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        RecordApplier records = new RecordApplier(projection, bookkeeping, savepoints, json, options.observations());
        this.batches = new BatchApplier(projection.name(), new TransactionTemplate(transactionManager), bookkeeping,
                records, stalls, meters, options);
        this.consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, options.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, "agentshop-" + options.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
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
        return new ProjectionConsumer(projection, dataSource, bootstrapServers, topic, json, meters,
                ConsumerOptions.standalone(projection, meters));
    }

    public String name() {
        return projection.name();
    }

    public Projection projection() {
        return projection;
    }

    /** The next offset per partition stored with this projection's data: how far it has applied the topic. */
    public Map<Integer, Long> storedOffsets() {
        return bookkeeping.storedOffsets();
    }

    /** The partitions this consumer stopped at a record it could not apply, with the offset and the reason. */
    public Collection<ConsumerBookkeeping.PartitionStall> stalls() {
        return stalls.all();
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "consumer-" + projection.name());
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
                try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                        new ByteArrayDeserializer())) {
                    consumer = kafka;
                    kafka.subscribe(List.of(topic), new SeekToStoredOffsets(kafka));
                    while (running) {
                        ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                        if (!records.isEmpty()) {
                            batches.apply(records, kafka);
                        }
                        stalls.resumeCleared(kafka);
                        measureLag(kafka);
                        backoff = FIRST_BACKOFF;
                    }
                } catch (WakeupException stopping) {
                    // stop() was called
                } catch (RuntimeException e) {
                    // The batch rolled back: a new consumer resumes from the offsets stored with the last commit (and
                    // tries a failing record again, up to PartitionStalls.MAX_ATTEMPTS, unless the database or broker
                    // is out).
                    meters.counter("agentshop.consumer.failures", "consumer", projection.name()).increment();
                    log.warn("{}: {}; resuming from the stored offsets in {} ms", projection.name(), e.toString(),
                            backoff.toMillis());
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } finally {
            consumer = null;
            projectionMeters.lagUnknown();
            projectionMeters.stalled(0);
            stopped.countDown();
        }
    }

    /** A failed measurement keeps the last value: it is no reason to restart the consumer. */
    private void measureLag(KafkaConsumer<String, byte[]> kafka) {
        try {
            projectionMeters.lag(ConsumerLag.of(kafka));
        } catch (WakeupException stopping) {
            throw stopping;
        } catch (KafkaException notNow) {
            log.debug("{}: lag not measured this time: {}", projection.name(), notNow.toString());
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

    /** Positions each newly assigned partition at the offset stored with this projection's data. */
    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, byte[]> kafka;

        SeekToStoredOffsets(KafkaConsumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                OptionalLong stored = bookkeeping.storedOffset(partition);
                if (stored.isEmpty()) {
                    kafka.seekToBeginning(List.of(partition));
                } else {
                    kafka.seek(partition, stored.getAsLong());
                }
            }
            // Stopped here or on another node, and not cleared yet: it stays stopped, not tried again.
            stalls.keepStopped(kafka, partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Offsets live in the database, committed with the writes: nothing to commit here.
            stalls.forget(partitions);
        }
    }
}
