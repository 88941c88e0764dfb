package io.agentshop.queryside.audit.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.audit.record.AuditRecord;
import io.agentshop.queryside.audit.record.AuditRecordRows;
import io.agentshop.queryside.audit.record.AuditTrail;
import io.agentshop.queryside.audit.record.CanonicalJson;
import io.agentshop.queryside.events.Envelope;
import io.agentshop.queryside.events.MalformedEnvelopeException;
import io.agentshop.tlog.MerkleTree;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Walks the events topic and the audit store side by side. Every event on the topic up to the audit consumer's stored
 * offsets must have its record, with the same event id, the same bytes and the columns those bytes give (as the
 * audit trail derives them); every record must have its event. The hash chain, the checkpoints and the witness prove
 * the records were not changed after they were appended; only this catches a record appended without an event — a
 * correctly hashed forgery by whoever holds the writer login, also one that took an event's id before the event
 * arrived — or an event the trail skipped.
 * <p>
 * The stored offsets and the last record's seq are read in one statement, so they are one snapshot: records appended
 * while the walk runs are left out rather than reported. Reads the topic with a consumer of its own (no group,
 * nothing committed) up to those offsets (or the topic's end, said so, if it ends before them), the records in
 * batches by event id and then once in seq order in a cursor; keeps one bit per record seen; changes nothing.
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
        long[] lastSeq = {0};
        audit.query("SELECT (SELECT coalesce(max(seq), 0) FROM audit_records), partition, next_offset"
                + " FROM consumer_offsets WHERE consumer = ? AND topic = ?", rs -> {
                    lastSeq[0] = rs.getLong(1);
                    upTo.put(rs.getInt(2), rs.getLong(3));
                }, AUDIT_CONSUMER, topic);
        Findings findings = new Findings();
        BitSet matched = new BitSet();
        long eventsRead = readTopic(upTo, matched, findings);
        long recordsChecked = walkRecords(lastSeq[0], matched, findings);
        return new ReconciliationResult(findings.count == 0, eventsRead, recordsChecked,
                findings.reported.isEmpty() ? null : findings.reported.get(0), List.copyOf(findings.reported),
                findings.count, List.copyOf(findings.unreconciled), clock.instant());
    }

    private long readTopic(Map<Integer, Long> upTo, BitSet matched, Findings findings) {
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
            Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
            Map<TopicPartition, Long> bound = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long stored = upTo.getOrDefault(partition.partition(), 0L);
                if (first.get(partition) > 0) {
                    findings.retention = true;
                    findings.unreconciled.add("partition " + partition.partition() + " starts at offset "
                            + first.get(partition) + " (retention): records of earlier events cannot be compared");
                }
                if (end.get(partition) < stored) {
                    findings.add("partition " + partition.partition() + " ends at offset " + end.get(partition)
                            + ", before the audit consumer's stored offset " + stored + ": the offsets were moved or"
                            + " the topic is not the one the trail was built from");
                }
                bound.put(partition, Math.min(stored, end.get(partition)));
            }
            List<TopicPartition> open = new ArrayList<>(partitions);
            open.removeIf(partition -> first.get(partition) >= bound.get(partition));
            while (!open.isEmpty()) {
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofSeconds(1))) {
                    if (record.offset() < bound.get(new TopicPartition(record.topic(), record.partition()))) {
                        batch.add(record);
                    }
                }
                eventsRead += batch.size();
                compare(batch, matched, findings);
                open.removeIf(partition -> kafka.position(partition) >= bound.get(partition));
            }
        }
        return eventsRead;
    }

    /** Every record up to {@code lastSeq} must have been matched; format 1 only before the first of format 2. */
    private long walkRecords(long lastSeq, BitSet matched, Findings findings) {
        return audit.execute((ConnectionCallback<Long>) connection -> {
            // A cursor (fetch size) needs a transaction in the PostgreSQL driver; without one it reads every row.
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement walk = connection.prepareStatement(
                    "SELECT seq, event_id, format FROM audit_records WHERE seq <= ? ORDER BY seq")) {
                walk.setFetchSize(5000);
                walk.setLong(1, lastSeq);
                long checked = 0;
                long firstOfFormat2 = -1;
                try (ResultSet rs = walk.executeQuery()) {
                    while (rs.next()) {
                        checked++;
                        long seq = rs.getLong(1);
                        if (rs.getInt(3) >= 2 && firstOfFormat2 < 0) {
                            firstOfFormat2 = seq;
                        } else if (rs.getInt(3) < 2 && firstOfFormat2 >= 0) {
                            findings.add("seq " + seq + " is of format 1 after seq " + firstOfFormat2 + " of format 2:"
                                    + " format 1 is only for records appended before the exact bytes were kept");
                        }
                        if (!matched.get(Math.toIntExact(seq))) {
                            String unmatched = "seq " + seq + " (event id " + rs.getString(2) + ") has no event on "
                                    + topic + " up to the audit consumer's offsets: a record no event caused";
                            if (findings.retention) {
                                findings.unreconciled.add(unmatched + ", or one whose event retention removed");
                            } else {
                                findings.add(unmatched);
                            }
                        }
                    }
                }
                return checked;
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        });
    }

    private void compare(List<ConsumerRecord<String, byte[]>> batch, BitSet matched, Findings findings) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, ConsumerRecord<String, byte[]>> byEventId = new HashMap<>();
        Map<String, Envelope> envelopes = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            String eventId;
            try {
                Envelope envelope = Envelope.parse(record.value(), json);
                eventId = envelope.eventId();
                envelopes.putIfAbsent(eventId, envelope);
            } catch (MalformedEnvelopeException unreadable) {
                eventId = AuditTrail.unreadableEventId(record.topic(), record.partition(), record.offset());
            }
            // A redelivered event (the relay retried) has one record: the first delivery is the one to compare.
            byEventId.putIfAbsent(eventId, record);
        }
        Map<String, AuditRecord> stored = new HashMap<>();
        audit.query(connection -> {
            var statement = connection.prepareStatement("SELECT " + AuditRecordRows.COLUMNS + " FROM audit_records"
                    + " WHERE event_id = ANY(?)");
            statement.setArray(1, connection.createArrayOf("text", byEventId.keySet().toArray()));
            return statement;
        }, rs -> {
            AuditRecord record = AuditRecordRows.MAPPER.mapRow(rs, 0);
            stored.put(record.eventId(), record);
        });
        AuditTrail trail = new AuditTrail(clock);
        byEventId.forEach((eventId, event) -> {
            AuditRecord record = stored.get(eventId);
            String where = "partition " + event.partition() + " offset " + event.offset() + " (event id " + eventId + ")";
            if (record == null) {
                findings.add(where + " has no audit record");
                return;
            }
            if (matched.get(Math.toIntExact(record.seq()))) {
                return;
            }
            matched.set(Math.toIntExact(record.seq()));
            // Records of format 1 predate the exact bytes: they are matched by event id only.
            if (record.format() < 2) {
                return;
            }
            if (!Arrays.equals(digest(record.envelopeBytes()), digest(event.value()))) {
                findings.add("seq " + record.seq() + " holds other bytes than " + where + " (SHA-256 "
                        + hex(digest(record.envelopeBytes())) + " stored, " + hex(digest(event.value()))
                        + " on the topic)");
                return;
            }
            Envelope envelope = envelopes.get(eventId);
            if (envelope != null) {
                String differs = differingColumns(record, trail.recordOf(envelope, record.seq(), record.prevHash()));
                if (!differs.isEmpty()) {
                    findings.add("seq " + record.seq() + " holds the bytes of " + where + " but other " + differs
                            + " than those bytes give");
                }
            }
        });
    }

    /** The searchable columns that are not what the exact bytes give (recorded_at and the chain aside). */
    private static String differingColumns(AuditRecord stored, AuditRecord derived) {
        List<String> differ = new ArrayList<>();
        check(differ, "occurred_at", stored.occurredAt(), derived.occurredAt());
        check(differ, "user_id", stored.userId(), derived.userId());
        check(differ, "agent_id", stored.agentId(), derived.agentId());
        check(differ, "actor_chain", canonical(stored.actorChain()), canonical(derived.actorChain()));
        check(differ, "actor", canonical(stored.actor()), canonical(derived.actor()));
        check(differ, "action", stored.action(), derived.action());
        check(differ, "event_type", stored.eventType(), derived.eventType());
        check(differ, "target_type", stored.targetType(), derived.targetType());
        check(differ, "target_id", stored.targetId(), derived.targetId());
        check(differ, "outcome", stored.outcome(), derived.outcome());
        check(differ, "reason_code", stored.reasonCode(), derived.reasonCode());
        check(differ, "payload_digest", stored.payloadDigest(), derived.payloadDigest());
        check(differ, "envelope", canonical(stored.envelope()), canonical(derived.envelope()));
        return String.join(", ", differ);
    }

    /** JSON as the chain hashes it: what the record's hash says it was. */
    private static String canonical(JsonNode json) {
        return json == null ? null : CanonicalJson.write(json);
    }

    private static void check(List<String> differ, String column, Object stored, Object derived) {
        if (!Objects.equals(stored, derived)) {
            differ.add(column);
        }
    }

    private static byte[] digest(byte[] bytes) {
        return MerkleTree.sha256().digest(bytes == null ? new byte[0] : bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static final class Findings {
        final List<String> reported = new ArrayList<>();
        final List<String> unreconciled = new ArrayList<>();
        long count;
        boolean retention;

        void add(String mismatch) {
            count++;
            if (reported.size() < REPORTED) {
                reported.add(mismatch);
            }
        }
    }
}
