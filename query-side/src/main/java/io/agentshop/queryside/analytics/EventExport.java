package io.agentshop.queryside.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.MalformedEnvelopeException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams the events topic as JSON Lines (one envelope, exactly as published, per line), from a timestamp or an offset
 * up to the end the topic had when the export began, filtered by type, aggregate and time. Its progress can be
 * followed while it runs.
 */
public final class EventExport {

    private static final Logger log = LoggerFactory.getLogger(EventExport.class);

    /** What to export. {@code from}/{@code to} bound the event time; {@code fromOffset} applies to every partition. */
    public record Filter(String type, String aggregateId, Instant from, Instant to, Long fromOffset) {

        boolean matches(Envelope envelope) {
            return (type == null || type.equals(envelope.type()))
                    && (aggregateId == null || aggregateId.equals(envelope.aggregateId()))
                    && (from == null || !envelope.occurredAt().isBefore(from))
                    && (to == null || envelope.occurredAt().isBefore(to));
        }
    }

    private final String id = UUID.randomUUID().toString();
    private final Filter filter;
    private final String bootstrapServers;
    private final String topic;
    private final ObjectMapper json;
    private final AtomicLong scanned = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile Map<Integer, Long> positions = Map.of();
    private volatile Map<Integer, Long> end = Map.of();
    private volatile boolean done;

    EventExport(Filter filter, String bootstrapServers, String topic, ObjectMapper json) {
        this.filter = filter;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.json = json;
    }

    public String id() {
        return id;
    }

    public Map<String, Object> progress() {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("exportId", id);
        progress.put("scanned", scanned.get());
        progress.put("written", written.get());
        progress.put("unreadable", unreadable.get());
        progress.put("positions", positions);
        progress.put("endOffsets", end);
        progress.put("done", done);
        return progress;
    }

    void writeTo(OutputStream out) throws IOException {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = kafka.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            kafka.assign(partitions);
            Map<TopicPartition, Long> endOffsets = kafka.endOffsets(partitions);
            end = byPartition(endOffsets);
            seekToStart(kafka, partitions);
            while (partitions.stream().anyMatch(p -> kafka.position(p) < endOffsets.get(p))) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= endOffsets.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    scanned.incrementAndGet();
                    write(record, out);
                }
                Map<Integer, Long> now = new HashMap<>();
                partitions.forEach(p -> now.put(p.partition(), kafka.position(p)));
                positions = now;
                log.debug("export {}: {} scanned, {} written", id, scanned.get(), written.get());
            }
            out.flush();
        } finally {
            done = true;
            log.info("export {} finished: {} scanned, {} written, {} unreadable", id, scanned.get(), written.get(),
                    unreadable.get());
        }
    }

    private void write(ConsumerRecord<String, byte[]> record, OutputStream out) throws IOException {
        try {
            if (filter.matches(Envelope.parse(record.value(), json))) {
                out.write(record.value());
                out.write('\n');
                written.incrementAndGet();
            }
        } catch (MalformedEnvelopeException unreadableRecord) {
            unreadable.incrementAndGet();
        }
    }

    private void seekToStart(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
        if (filter.from() != null) {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, filter.from().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(times);
            Map<TopicPartition, Long> endOffsets = kafka.endOffsets(partitions);
            partitions.forEach(p -> kafka.seek(p, offsets.get(p) == null ? endOffsets.get(p) : offsets.get(p).offset()));
        } else {
            kafka.seekToBeginning(partitions);
            if (filter.fromOffset() != null) {
                partitions.forEach(p -> kafka.seek(p, Math.max(kafka.position(p), filter.fromOffset())));
            }
        }
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> result = new HashMap<>();
        offsets.forEach((partition, offset) -> result.put(partition.partition(), offset));
        return result;
    }
}
