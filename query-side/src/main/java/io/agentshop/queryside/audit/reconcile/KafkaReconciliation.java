package io.agentshop.queryside.audit.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.MalformedEnvelopeException;
import io.agentshop.queryside.events.Storable;
import io.agentshop.tlog.MerkleTree;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the events topic and the audit store side by side. Every event on the topic up to the audit consumer's stored
 * offsets must have its record, with the same event id and the same bytes (records keep the Kafka value exactly); every
 * record must have its event. The hash chain, the checkpoints and the witness prove the records were not changed after
 * they were appended; only this catches a record that was appended without an event — a correctly hashed forgery by
 * whoever holds the writer login — or an event the trail skipped.
 * <p>
 * Reads the topic with a consumer of its own (no group, nothing committed), the records in batches by event id, and
 * keeps one bit per record seen; it changes nothing anywhere.
 */
public final class KafkaReconciliation {

    /** The audit store's consumer name in {@code consumer_offsets}. */
    static final String AUDIT_CONSUMER = "audit-store";
    static final int REPORTED = 20;

    private final JdbcTemplate audit;
    private final String bootstrapServers;
    private final String topic;
    private final ObjectMapper json;
    private final Clock clock;

    public KafkaReconciliation(JdbcTemplate audit, String bootstrapServers, String topic, ObjectMapper json,
                               Clock clock) {
        this.audit = audit;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.json = json;
        this.clock = clock;
    }

    public ReconciliationResult reconcile() {
        Map<Integer, Long> upTo = new HashMap<>();
        audit.query("SELECT partition, next_offset FROM consumer_offsets WHERE consumer = ? AND topic = ?",
                rs -> {
                    upTo.put(rs.getInt(1), rs.getLong(2));
                }, AUDIT_CONSUMER, topic);
        Findings findings = new Findings();
        BitSet matched = new BitSet();
        long eventsRead = 0;
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "agentshop-audit-reconciliation",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : kafka.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> first = kafka.beginningOffsets(partitions);
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                long bound = upTo.getOrDefault(partition.partition(), 0L);
                if (first.get(partition) > 0) {
                    findings.unreconciled.add("partition " + partition.partition() + " starts at offset "
                            + first.get(partition) + " (retention): records of earlier events cannot be compared");
                }
                if (first.get(partition) < bound) {
                    open.add(partition);
                }
            }
            while (!open.isEmpty()) {
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofSeconds(1))) {
                    if (record.offset() < upTo.getOrDefault(record.partition(), 0L)) {
                        batch.add(record);
                    }
                }
                eventsRead += batch.size();
                compare(batch, matched, findings);
                open.removeIf(partition -> kafka.position(partition) >= upTo.get(partition.partition()));
            }
        }
        long[] recordsChecked = {0};
        audit.query(connection -> {
            var statement = connection.prepareStatement("SELECT seq, event_id FROM audit_records ORDER BY seq");
            statement.setFetchSize(5000);
            return statement;
        }, rs -> {
            recordsChecked[0]++;
            long seq = rs.getLong(1);
            if (!matched.get(Math.toIntExact(seq))) {
                findings.add("seq " + seq + " (event id " + rs.getString(2) + ") has no event on " + topic
                        + " up to the audit consumer's offsets: a record no event caused");
            }
        });
        return new ReconciliationResult(findings.count == 0, eventsRead, recordsChecked[0],
                findings.reported.isEmpty() ? null : findings.reported.get(0), List.copyOf(findings.reported),
                findings.count, List.copyOf(findings.unreconciled), clock.instant());
    }

    private void compare(List<ConsumerRecord<String, byte[]>> batch, BitSet matched, Findings findings) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, ConsumerRecord<String, byte[]>> byEventId = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            // A redelivered event (the relay retried) has one record: the first delivery is the one to compare.
            byEventId.putIfAbsent(eventIdOf(record), record);
        }
        Map<String, StoredRecord> stored = new HashMap<>();
        audit.query(connection -> {
            var statement = connection.prepareStatement("SELECT seq, event_id, format, envelope_bytes FROM"
                    + " audit_records WHERE event_id = ANY(?)");
            statement.setArray(1, connection.createArrayOf("text", byEventId.keySet().toArray()));
            return statement;
        }, rs -> {
            stored.put(rs.getString(2), new StoredRecord(rs.getLong(1), rs.getInt(3), rs.getBytes(4)));
        });
        byEventId.forEach((eventId, event) -> {
            StoredRecord record = stored.get(eventId);
            String where = "partition " + event.partition() + " offset " + event.offset() + " (event id " + eventId + ")";
            if (record == null) {
                findings.add(where + " has no audit record");
                return;
            }
            matched.set(Math.toIntExact(record.seq()));
            // Records of format 1 predate the exact bytes: they are matched by event id only.
            if (record.format() >= 2 && !Arrays.equals(digest(record.bytes()), digest(event.value()))) {
                findings.add("seq " + record.seq() + " holds other bytes than " + where + " (SHA-256 "
                        + hex(digest(record.bytes())) + " stored, " + hex(digest(event.value())) + " on the topic)");
            }
        });
    }

    /** The event id the audit trail gives this Kafka record (AuditTrail: the envelope's, or where it was on Kafka). */
    private String eventIdOf(ConsumerRecord<String, byte[]> record) {
        try {
            return Envelope.parse(record.value(), json).eventId();
        } catch (MalformedEnvelopeException unreadable) {
            return "kafka:" + Storable.text(record.topic()) + "/" + record.partition() + "/" + record.offset();
        }
    }

    private static byte[] digest(byte[] bytes) {
        return MerkleTree.sha256().digest(bytes == null ? new byte[0] : bytes);
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private record StoredRecord(long seq, int format, byte[] bytes) {
    }

    private static final class Findings {
        final List<String> reported = new ArrayList<>();
        final List<String> unreconciled = new ArrayList<>();
        long count;

        void add(String mismatch) {
            count++;
            if (reported.size() < REPORTED) {
                reported.add(mismatch);
            }
        }
    }
}
