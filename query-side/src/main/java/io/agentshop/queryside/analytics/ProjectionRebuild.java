package io.agentshop.queryside.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.agentshop.queryside.consumer.ConsumerOptions;
import io.agentshop.queryside.consumer.ProjectionConsumer;
import io.agentshop.queryside.consumer.ProjectionConsumers;
import io.agentshop.queryside.consumer.ProjectionRegistration;
import io.agentshop.queryside.consumer.Rebuildable;
import io.agentshop.queryside.infrastructure.kafka.EventsTopicSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rebuilds one read model from the beginning of the stream into a schema of its own while the live tables keep
 * serving; once it has caught up, the live consumer is paused, the rebuild finishes the last events, and one
 * transaction swaps the tables (and their offsets and applied event ids) into place. Readers block only for that
 * transaction. One rebuild at a time per projection, and on one query-side node: the pause covers this node's consumer
 * only, so a cluster runs a rebuild with its other nodes' consumers of that projection stopped.
 */
public final class ProjectionRebuild implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final List<String> BOOKKEEPING = List.of("consumer_offsets", "applied_events", "dead_letters");

    public enum State { BUILDING, SWITCHING, DONE, FAILED }

    private final String name;
    private final String schema;
    private final List<String> tables;
    private final ProjectionConsumers live;
    private final JdbcTemplate jdbc;
    private final HikariDataSource liveDataSource;
    private final EventsTopicSettings topic;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Instant startedAt;
    private volatile State state = State.BUILDING;
    private volatile String failure;
    private volatile Map<Integer, Long> applied = Map.of();
    private volatile Map<Integer, Long> end = Map.of();

    ProjectionRebuild(ProjectionRegistration registration, ProjectionConsumers live, EventsTopicSettings topic,
                      ObjectMapper json, MeterRegistry meters, Clock clock) {
        this.name = registration.projection().name();
        this.tables = ((Rebuildable) registration.projection()).tables();
        this.startedAt = clock.instant();
        this.schema = "rebuild_" + name.replaceAll("[^a-z0-9_]", "_") + "_" + startedAt.toEpochMilli();
        this.live = live;
        this.liveDataSource = (HikariDataSource) registration.dataSource();
        this.jdbc = new JdbcTemplate(liveDataSource);
        this.topic = topic;
        this.json = json;
        this.meters = meters;
    }

    public Map<String, Object> status() {
        return Map.of("projection", name, "state", state.name(), "schema", schema, "startedAt", startedAt.toString(),
                "appliedOffsets", applied, "endOffsets", end, "failure", failure == null ? "" : failure);
    }

    public State state() {
        return state;
    }

    @Override
    public void run() {
        try (HikariDataSource shadow = shadowDataSource(); KafkaConsumer<String, byte[]> ends = endOffsetsReader()) {
            createShadow();
            ProjectionConsumer rebuild = new ProjectionConsumer(live.registration(name).orElseThrow().projection(),
                    shadow, topic.bootstrapServers(), topic.eventsTopic(), json, meters,
                    ConsumerOptions.rebuild(name + "-rebuild-" + startedAt.toEpochMilli()));
            rebuild.start();
            try {
                awaitCaughtUp(rebuild, ends, Duration.ofMinutes(30));
                log.info("rebuild of {} caught up with the topic ({} records) in {} ms; pausing the live consumer",
                        name, end.values().stream().mapToLong(Long::longValue).sum(), since(startedAt));
                state = State.SWITCHING;
                Instant pausedAt = Instant.now();
                boolean paused = live.pause(name);
                try {
                    if (!paused) {
                        throw new IllegalStateException("the live consumer of " + name + " did not stop");
                    }
                    awaitCaughtUp(rebuild, ends, Duration.ofMinutes(1));
                    if (!rebuild.stopAndWait()) {
                        throw new IllegalStateException("the rebuild consumer of " + name + " did not stop");
                    }
                    switchOver();
                } finally {
                    live.resume(name);
                }
                log.info("rebuild of {}: the live consumer was paused for {} ms", name, since(pausedAt));
            } finally {
                rebuild.stop();
            }
            state = State.DONE;
            log.info("projection {} rebuilt and switched over in {} ms", name, since(startedAt));
        } catch (RuntimeException e) {
            failure = e.toString();
            state = State.FAILED;
            log.error("rebuild of {} failed; the live tables were left as they were", name, e);
            jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static long since(Instant start) {
        return Duration.between(start, Instant.now()).toMillis();
    }

    private void createShadow() {
        jdbc.execute("CREATE SCHEMA " + schema);
        for (String table : concat(tables, BOOKKEEPING)) {
            jdbc.execute("CREATE TABLE " + schema + "." + table + " (LIKE public." + table + " INCLUDING ALL)");
        }
    }

    private HikariDataSource shadowDataSource() {
        HikariDataSource shadow = new HikariDataSource();
        shadow.setJdbcUrl(liveDataSource.getJdbcUrl());
        shadow.setUsername(liveDataSource.getUsername());
        shadow.setPassword(liveDataSource.getPassword());
        shadow.setMaximumPoolSize(2);
        shadow.setPoolName("rebuild-" + name);
        // Unqualified names in the projection's SQL now mean the shadow tables.
        shadow.setConnectionInitSql("SET search_path TO " + schema + ", public");
        return shadow;
    }

    private void awaitCaughtUp(ProjectionConsumer rebuild, KafkaConsumer<String, byte[]> ends, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            end = endOffsets(ends);
            applied = rebuild.storedOffsets();
            boolean caughtUp = end.entrySet().stream()
                    .allMatch(partition -> applied.getOrDefault(partition.getKey(), 0L) >= partition.getValue());
            if (caughtUp) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the rebuild of " + name + " did not catch up within " + limit);
            }
            // The rebuild consumer runs on its own thread and commits its offsets to the database: poll them, bounded.
            // Each look is one query and one request to the broker; the live consumer waits paused during the last.
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private void switchOver() {
        new TransactionTemplate(new DataSourceTransactionManager(liveDataSource)).executeWithoutResult(status -> {
            for (String table : tables) {
                jdbc.execute("DROP TABLE public." + table);
                jdbc.execute("ALTER TABLE " + schema + "." + table + " SET SCHEMA public");
            }
            jdbc.update("DELETE FROM public.consumer_offsets WHERE consumer = ?", name);
            jdbc.update("INSERT INTO public.consumer_offsets SELECT * FROM " + schema + ".consumer_offsets"
                    + " WHERE consumer = ?", name);
            // The rebuild's applied event ids replace the live ones. The two sets are mostly the same events (one per
            // event of the projection's types on the topic), so only the difference is written: the readers and the
            // paused consumer wait for this transaction, and rewriting every id took most of it.
            jdbc.update("DELETE FROM public.applied_events live WHERE live.consumer = ? AND NOT EXISTS (SELECT 1 FROM "
                    + schema + ".applied_events rebuilt WHERE rebuilt.consumer = live.consumer"
                    + " AND rebuilt.event_id = live.event_id)", name);
            jdbc.update("INSERT INTO public.applied_events SELECT * FROM " + schema + ".applied_events rebuilt"
                    + " WHERE rebuilt.consumer = ? ON CONFLICT DO NOTHING", name);
            // What the rebuild could not read stays on record.
            jdbc.update("INSERT INTO public.dead_letters (consumer, topic, partition, record_offset, record_key,"
                    + " record_value, reason, recorded_at) SELECT consumer, topic, partition, record_offset, record_key,"
                    + " record_value, reason, recorded_at FROM " + schema + ".dead_letters ON CONFLICT DO NOTHING");
            jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
        });
    }

    /** One client for the whole rebuild: asked for the topic's end every few milliseconds while it waits. */
    private KafkaConsumer<String, byte[]> endOffsetsReader() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Map<Integer, Long> endOffsets(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> partitions = kafka.partitionsFor(topic.eventsTopic()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        return kafka.endOffsets(partitions).entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().partition(), Map.Entry::getValue));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
