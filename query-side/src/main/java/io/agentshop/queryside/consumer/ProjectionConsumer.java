package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.MalformedEnvelopeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Feeds one {@link Projection} from the events topic with a plain Kafka consumer. A poll's records are applied in one
 * database transaction together with the next offset of each partition and the ids of the applied events; on start
 * and after a rebalance the consumer seeks to the offsets stored there. So a crash never applies an event twice
 * nor skips one, and a redelivered event (same id) is skipped. A record that cannot be read, or whose content the
 * projection cannot apply, goes to the dead letters with the reason and does not stop its partition (unless the
 * projection may not skip anything, as the audit store); a failure of the database itself stops the consumer, which
 * resumes from the stored offsets.
 * <p>
 * Its meters ({@link ProjectionMeters}) count only what committed, and its lag is measured on its own thread (a Kafka
 * consumer is not thread-safe) after each poll's records are committed.
 */
public final class ProjectionConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final String APPLY = "agentshop.projection.apply";
    /** Attempts at one record before its partition stops there. */
    static final int MAX_ATTEMPTS = 3;
    /** How often a consumer with stopped partitions looks whether an operator cleared them. */
    private static final Duration STALL_CHECK = Duration.ofSeconds(2);

    private final Projection projection;
    private final ConsumerBookkeeping bookkeeping;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    /** A savepoint, so one record that cannot be applied rolls back alone. */
    private final TransactionTemplate savepoints;
    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final ProjectionMeters projectionMeters;
    private final Runnable afterCommit;
    private final ObservationRegistry observations;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Failed attempts at a record, by partition and offset; forgotten once it is applied or its partition stopped. */
    private final Map<TopicPartition, long[]> attempts = new HashMap<>();
    /** The partitions stopped at a record, by partition number: read by the health indicator on another thread. */
    private final Map<Integer, ConsumerBookkeeping.PartitionStall> stalled = new ConcurrentHashMap<>();
    private long nextStallCheck;

    /** A consumer with meters of its own in {@code meters}: one per projection and registry (a test's). */
    public ProjectionConsumer(Projection projection, DataSource dataSource, String bootstrapServers, String topic,
                              ObjectMapper json, MeterRegistry meters) {
        this(projection, projection.name(), dataSource, bootstrapServers, topic, json, meters,
                ProjectionMeters.register(meters, projection.name()));
    }

    /**
     * @param groupId          the Kafka consumer group; a rebuild runs beside the live consumer under a group of its
     *                         own, while its bookkeeping (in its own schema) keeps the projection's name
     * @param projectionMeters the projection's lag, applied and dead-letter meters, shared by its live consumers
     *                         ({@link ProjectionMeters#none()} for a rebuild)
     */
    public ProjectionConsumer(Projection projection, String groupId, DataSource dataSource, String bootstrapServers,
                              String topic, ObjectMapper json, MeterRegistry meters, ProjectionMeters projectionMeters) {
        this(projection, groupId, dataSource, bootstrapServers, topic, json, meters, projectionMeters, () -> { },
                ObservationRegistry.NOOP);
    }

    /**
     * A live consumer.
     *
     * @param afterCommit  see {@link ProjectionRegistration#afterCommit()}
     * @param observations each record's application is observed as the consumer side of the trace its
     *                     {@code traceparent} header names, so the projection's work joins the tool call's trace
     */
    public ProjectionConsumer(Projection projection, String groupId, DataSource dataSource, String bootstrapServers,
                              String topic, ObjectMapper json, MeterRegistry meters, ProjectionMeters projectionMeters,
                              Runnable afterCommit, ObservationRegistry observations) {
        this.projection = projection;
        this.afterCommit = afterCommit;
        this.observations = observations;
        this.bookkeeping = new ConsumerBookkeeping(dataSource, projection.name(), topic);
        this.jdbc = bookkeeping.jdbc();
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.savepoints = new TransactionTemplate(transactionManager);
        this.savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.topic = topic;
        this.json = json;
        this.meters = meters;
        this.projectionMeters = projectionMeters;
        this.consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.CLIENT_ID_CONFIG, "agentshop-" + groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
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
        return List.copyOf(stalled.values());
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
        Duration backoff = Duration.ofMillis(500);
        try {
            while (running) {
                try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                        new ByteArrayDeserializer())) {
                    consumer = kafka;
                    kafka.subscribe(List.of(topic), new SeekToStoredOffsets(kafka));
                    while (running) {
                        ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(500));
                        if (!records.isEmpty()) {
                            applyBatch(records, kafka);
                        }
                        resumeClearedStalls(kafka);
                        measureLag(kafka);
                        backoff = Duration.ofMillis(500);
                    }
                } catch (WakeupException stopping) {
                    // stop() was called
                } catch (RuntimeException e) {
                    // The batch rolled back: a new consumer resumes from the offsets stored with the last commit (and
                    // tries a failing record again, up to MAX_ATTEMPTS, unless the database or broker is out).
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

    /**
     * Records behind the end of the topic (the last stable offset, as this consumer reads committed records only) summed
     * over the assigned partitions. {@code currentLag} costs nothing: it is what the last fetch response said; only a
     * partition not fetched yet asks the broker for its end. A failed measurement keeps the last value, it is no
     * reason to restart the consumer.
     */
    private void measureLag(KafkaConsumer<String, byte[]> kafka) {
        try {
            long lag = 0;
            List<TopicPartition> notFetchedYet = new ArrayList<>();
            Set<TopicPartition> paused = kafka.paused();
            for (TopicPartition partition : kafka.assignment()) {
                // A stopped partition is fetched no more: its lag is what stands between its position and the end.
                OptionalLong known = paused.contains(partition) ? OptionalLong.empty() : kafka.currentLag(partition);
                if (known.isPresent()) {
                    lag += known.getAsLong();
                } else {
                    notFetchedYet.add(partition);
                }
            }
            if (!notFetchedYet.isEmpty()) {
                Map<TopicPartition, Long> ends = kafka.endOffsets(notFetchedYet, Duration.ofSeconds(1));
                for (TopicPartition partition : notFetchedYet) {
                    lag += Math.max(0, ends.get(partition) - kafka.position(partition, Duration.ofSeconds(1)));
                }
            }
            projectionMeters.lag(lag);
        } catch (WakeupException stopping) {
            throw stopping;
        } catch (KafkaException notNow) {
            log.debug("{}: lag not measured this time: {}", projection.name(), notNow.toString());
        }
    }

    /**
     * One transaction for the poll; if it fails for a reason other than an outage, record by record, so the records
     * before a failing one commit, and a record that keeps failing stops its own partition only.
     */
    private void applyBatch(ConsumerRecords<String, byte[]> records, KafkaConsumer<String, byte[]> kafka) {
        try {
            Tally tally = new Tally();
            transactions.executeWithoutResult(status -> {
                Map<TopicPartition, Long> next = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    applyOne(record, false, tally);
                    next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                bookkeeping.storeOffsets(next);
            });
            tally.committed();
            attempts.clear();
        } catch (RuntimeException failed) {
            if (isOutage(failed)) {
                throw failed;
            }
            log.warn("{}: a batch of {} failed ({}); applying its records one by one", projection.name(),
                    records.count(), failed.toString());
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (stalled.containsKey(record.partition())) {
                    continue; // stopped at an earlier record of this poll: nothing after it, in order
                }
                Tally tally = new Tally();
                try {
                    transactions.executeWithoutResult(status -> {
                        applyOne(record, true, tally);
                        bookkeeping.storeOffsets(Map.of(partition, record.offset() + 1));
                    });
                } catch (RuntimeException cannotApply) {
                    if (isOutage(cannotApply) || !giveUpOn(record, partition)) {
                        throw cannotApply;
                    }
                    stall(kafka, partition, record.offset(), rootMessage(cannotApply));
                    continue;
                }
                tally.committed();
                attempts.remove(partition);
            }
        }
    }

    /** Counts a failed attempt at this record; true once it has failed {@value #MAX_ATTEMPTS} times. */
    private boolean giveUpOn(ConsumerRecord<String, byte[]> record, TopicPartition partition) {
        long[] seen = attempts.get(partition);
        if (seen == null || seen[0] != record.offset()) {
            seen = new long[] {record.offset(), 0};
            attempts.put(partition, seen);
        }
        seen[1]++;
        return seen[1] >= MAX_ATTEMPTS;
    }

    /**
     * Stops the partition at the record it could not apply: it is fetched no more (the position goes back to that
     * record), the stall is stored so every node and a restart know, and the health says so. The other partitions
     * go on.
     */
    private void stall(KafkaConsumer<String, byte[]> kafka, TopicPartition partition, long offset, String reason) {
        ConsumerBookkeeping.PartitionStall stall = new ConsumerBookkeeping.PartitionStall(projection.name(),
                partition.partition(), offset, reason, java.time.Instant.now());
        bookkeeping.recordStall(stall);
        stopAt(kafka, partition, stall);
        attempts.remove(partition);
        log.error("{}: partition {} of {} STOPPED at offset {} after {} attempts: {}. Fix the cause, then clear the"
                        + " stall (java -jar query-side.jar retry-stalled --projection={} --partition={})",
                projection.name(), partition.partition(), partition.topic(), offset, MAX_ATTEMPTS, reason,
                projection.name(), partition.partition());
    }

    private void stopAt(KafkaConsumer<String, byte[]> kafka, TopicPartition partition,
                        ConsumerBookkeeping.PartitionStall stall) {
        kafka.pause(List.of(partition));
        kafka.seek(partition, stall.offset());
        stalled.put(partition.partition(), stall);
        projectionMeters.stalled(stalled.size());
    }

    /** Every few seconds while partitions are stopped: those an operator cleared are fetched again, from their record. */
    private void resumeClearedStalls(KafkaConsumer<String, byte[]> kafka) {
        if (stalled.isEmpty() || System.nanoTime() < nextStallCheck) {
            return;
        }
        nextStallCheck = System.nanoTime() + STALL_CHECK.toNanos();
        Map<Integer, ConsumerBookkeeping.PartitionStall> standing = bookkeeping.stalls();
        for (Integer partition : List.copyOf(stalled.keySet())) {
            if (!standing.containsKey(partition)) {
                stalled.remove(partition);
                TopicPartition cleared = new TopicPartition(topic, partition);
                if (kafka.assignment().contains(cleared)) {
                    kafka.resume(List.of(cleared));
                }
                log.info("{}: partition {} resumed: its stall was cleared", projection.name(), partition);
            }
        }
        projectionMeters.stalled(stalled.size());
    }

    /**
     * The database or the broker is out: not the record's doing; the consumer waits and tries again, skipping nothing.
     * Told by the first SQLSTATE on the way when there is one (connection, resources, operator intervention, system
     * errors, and serialization failures or deadlocks, which a retry resolves), because Spring files some record-bound
     * limits under "resource failure" too ({@code 54000}: an index row too big for this one record).
     */
    static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                        || state.startsWith("58") || state.startsWith("40");
            }
            if (cause instanceof CannotGetJdbcConnectionException || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException || cause instanceof KafkaException
                    || cause instanceof java.net.ConnectException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** {@code agentshop.projection.apply}: a span in the record's trace, and a timer per projection. */
    private void applyOne(ConsumerRecord<String, byte[]> record, boolean isolate, Tally tally) {
        ReceiverContext<ConsumerRecord<String, byte[]>> context = new ReceiverContext<>(ProjectionConsumer::header);
        context.setCarrier(record);
        context.setRemoteServiceName("kafka");
        Observation.createNotStarted(APPLY, () -> context, observations)
                .contextualName(projection.name() + " apply")
                .lowCardinalityKeyValue("projection", projection.name())
                .observe(() -> apply(record, isolate, tally));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void apply(ConsumerRecord<String, byte[]> record, boolean isolate, Tally tally) {
        Envelope envelope;
        try {
            envelope = Envelope.parse(record.value(), json);
        } catch (MalformedEnvelopeException e) {
            if (projection.keepUnreadable(new Projection.UnreadableRecord(record.topic(), record.partition(),
                    record.offset(), record.key(), record.value(), java.time.Instant.ofEpochMilli(record.timestamp()),
                    e.getMessage()), jdbc)) {
                tally.outcome("unreadable_kept");
                tally.applied++;
            } else {
                deadLetter(record, e.getMessage(), tally);
            }
            return;
        }
        if (!projection.concerns(envelope)) {
            tally.outcome(Projection.Outcome.NOT_RELEVANT.name().toLowerCase());
            tally.applied++;
            return;
        }
        if (!bookkeeping.firstTime(envelope.eventId())) {
            tally.outcome("duplicate");
            return;
        }
        Projection.Outcome outcome;
        if (!isolate) {
            outcome = projection.apply(envelope, jdbc);
        } else {
            try {
                outcome = savepoints.execute(nested -> projection.apply(envelope, jdbc));
            } catch (RuntimeException cannotApply) {
                if (!isAboutTheRecord(cannotApply) || !projection.mayDeadLetter()) {
                    // The database, the schema or a permission is wrong, not the event: stop and retry, skip nothing.
                    throw cannotApply;
                }
                deadLetter(record, projection.name() + " cannot apply " + envelope.type() + ": " + cannotApply, tally);
                return;
            }
        }
        if (outcome == Projection.Outcome.UNKNOWN_TYPE || outcome == Projection.Outcome.NEWER_SCHEMA) {
            log.info("{}: skipped {} v{} ({}): {}", projection.name(), envelope.type(), envelope.schemaVersion(),
                    envelope.eventId(), outcome);
        }
        tally.outcome(outcome.name().toLowerCase());
        tally.applied++;
    }

    /**
     * A failure caused by the record itself (its content breaks the projection's code or a constraint) rather than
     * by the database being down, the schema being wrong or a permission missing.
     */
    private static boolean isAboutTheRecord(RuntimeException failure) {
        return !(failure instanceof DataAccessException) || failure instanceof DataIntegrityViolationException;
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason, Tally tally) {
        log.warn("{}: dead letter {}-{}@{}: {}", projection.name(), record.topic(), record.partition(),
                record.offset(), reason);
        tally.outcome("dead_letter");
        tally.deadLetters += bookkeeping.deadLetter(record, reason);
    }

    /**
     * What one transaction did, counted only once it has committed: a batch that rolls back is applied again (record
     * by record, or by the next consumer), and its events must not be counted twice.
     */
    private final class Tally {

        private final Map<String, Integer> outcomes = new HashMap<>();
        private int applied;
        private int deadLetters;

        void outcome(String outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
        }

        void committed() {
            outcomes.forEach((outcome, count) -> meters.counter("agentshop.consumer.events", "consumer",
                    projection.name(), "outcome", outcome).increment(count));
            projectionMeters.applied(applied);
            projectionMeters.deadLettered(deadLetters);
            afterCommit.run();
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
            Map<Integer, ConsumerBookkeeping.PartitionStall> standing = bookkeeping.stalls();
            for (TopicPartition partition : partitions) {
                OptionalLong stored = bookkeeping.storedOffset(partition);
                if (stored.isEmpty()) {
                    kafka.seekToBeginning(List.of(partition));
                } else {
                    kafka.seek(partition, stored.getAsLong());
                }
                // Stopped here or on another node, and not cleared yet: it stays stopped, not tried again.
                ConsumerBookkeeping.PartitionStall stall = standing.get(partition.partition());
                if (stall != null) {
                    stopAt(kafka, partition, stall);
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Offsets live in the database, committed with the writes: nothing to commit here. A stopped partition
            // that moves to another node is that node's to report.
            partitions.forEach(partition -> stalled.remove(partition.partition()));
            projectionMeters.stalled(stalled.size());
        }
    }

}
