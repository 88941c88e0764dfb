package io.agentshop.queryside.consumer;

import io.agentshop.queryside.events.Storable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a consumer keeps beside its projection's data, in the same database ({@code db/bookkeeping}): the next offset
 * of each partition and the ids of the events applied (both written in the projection's transaction, so a crash never
 * applies an event twice nor skips one), the records set aside, and the partitions stopped at a record.
 */
final class ConsumerBookkeeping {

    private final JdbcTemplate jdbc;
    private final String consumer;
    private final String topic;

    ConsumerBookkeeping(DataSource dataSource, String consumer, String topic) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.consumer = consumer;
        this.topic = topic;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    Map<Integer, Long> storedOffsets() {
        Map<Integer, Long> offsets = new HashMap<>();
        jdbc.query("SELECT partition, next_offset FROM consumer_offsets WHERE consumer = ? AND topic = ?",
                rows -> {
                    offsets.put(rows.getInt(1), rows.getLong(2));
                }, consumer, topic);
        return offsets;
    }

    OptionalLong storedOffset(TopicPartition partition) {
        List<Long> stored = jdbc.queryForList("SELECT next_offset FROM consumer_offsets"
                + " WHERE consumer = ? AND topic = ? AND partition = ?", Long.class, consumer, partition.topic(),
                partition.partition());
        return stored.isEmpty() ? OptionalLong.empty() : OptionalLong.of(stored.get(0));
    }

    /** In the projection's transaction: one statement for all the partitions. */
    void storeOffsets(Map<TopicPartition, Long> next) {
        jdbc.batchUpdate("""
                INSERT INTO consumer_offsets (consumer, topic, partition, next_offset) VALUES (?, ?, ?, ?)
                ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset""",
                next.entrySet().stream().map(offset -> new Object[] {consumer, offset.getKey().topic(),
                        offset.getKey().partition(), offset.getValue()}).toList());
    }

    /** In the projection's transaction: true the first time this event is seen, false for a redelivery. */
    boolean firstTime(String eventId) {
        return firstTimes(List.of(eventId)).contains(eventId);
    }

    /**
     * In the projection's transaction, one statement for a poll's events: the ids among these seen for the first
     * time (each once, however often it is given), recorded as seen.
     */
    Set<String> firstTimes(List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return new HashSet<>();
        }
        String[] distinct = new LinkedHashSet<>(eventIds).toArray(String[]::new);
        return new HashSet<>(jdbc.query(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO applied_events (consumer, event_id) SELECT ?, unnest(?::text[])
                    ON CONFLICT DO NOTHING RETURNING event_id""");
            insert.setString(1, consumer);
            insert.setArray(2, connection.createArrayOf("text", distinct));
            return insert;
        }, (row, index) -> row.getString(1)));
    }

    /** In the projection's transaction: the record set aside with its reason; how many rows that stored (0 or 1). */
    int deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        return jdbc.update("""
                INSERT INTO dead_letters (consumer, topic, partition, record_offset, record_key, record_value, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                consumer, record.topic(), record.partition(), record.offset(), Storable.text(record.key()),
                record.value(), Storable.text(reason));
    }

    /** In a transaction of its own: the partition stopped at this record. */
    void recordStall(PartitionStall stall) {
        jdbc.update("""
                INSERT INTO consumer_stalls (consumer, topic, partition, record_offset, reason, stalled_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (consumer, topic, partition)
                DO UPDATE SET record_offset = EXCLUDED.record_offset, reason = EXCLUDED.reason,
                              stalled_at = EXCLUDED.stalled_at""",
                consumer, topic, stall.partition(), stall.offset(), Storable.text(stall.reason()),
                java.sql.Timestamp.from(stall.since()));
    }

    /** The stalls no operator has cleared yet, by partition. */
    Map<Integer, PartitionStall> stalls() {
        Map<Integer, PartitionStall> stalls = new HashMap<>();
        jdbc.query("SELECT partition, record_offset, reason, stalled_at FROM consumer_stalls"
                + " WHERE consumer = ? AND topic = ?", rows -> {
                    stalls.put(rows.getInt(1), new PartitionStall(consumer, rows.getInt(1), rows.getLong(2),
                            rows.getString(3), rows.getTimestamp(4).toInstant()));
                }, consumer, topic);
        return stalls;
    }

    /** A partition of the topic this consumer stopped, at the record it could not apply, and why. */
    record PartitionStall(String projection, int partition, long offset, String reason, Instant since) {
    }
}
