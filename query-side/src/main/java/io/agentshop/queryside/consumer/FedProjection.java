package io.agentshop.queryside.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One projection inside the consumer that feeds it: its bookkeeping, its stopped partitions, how a record is applied to
 * it, and how far it has applied each assigned partition (read from its own stored offsets on assignment, moved on
 * after each commit). The consumer reads a partition from the earliest of its projections' positions; a projection
 * passes over what it applied already, so projections that stand at different offsets (one just rebuilt, one stopped
 * at a record) share one consumer without applying anything twice or skipping anything.
 */
final class FedProjection {

    private final Fed fed;
    private final ConsumerBookkeeping bookkeeping;
    private final PartitionStalls stalls;
    private final RecordApplier records;
    /** The next offset to apply, by assigned partition; absent: none stored, so from the partition's beginning. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();

    FedProjection(Fed fed, ConsumerBookkeeping bookkeeping, PartitionStalls stalls, RecordApplier records) {
        this.fed = fed;
        this.bookkeeping = bookkeeping;
        this.stalls = stalls;
        this.records = records;
    }

    String name() {
        return fed.projection().name();
    }

    ConsumerBookkeeping bookkeeping() {
        return bookkeeping;
    }

    PartitionStalls stalls() {
        return stalls;
    }

    RecordApplier records() {
        return records;
    }

    ProjectionMeters meters() {
        return fed.meters();
    }

    /** Whether this record is this projection's to apply now: not applied yet, and its partition not stopped. */
    boolean wants(ConsumerRecord<String, byte[]> record) {
        Long next = positions.get(new TopicPartition(record.topic(), record.partition()));
        return !stalls.isStopped(record.partition()) && (next == null || record.offset() >= next);
    }

    /** A newly assigned partition: the projection goes on from its stored offset there, or from the beginning. */
    void assigned(TopicPartition partition) {
        OptionalLong stored = bookkeeping.storedOffset(partition);
        if (stored.isPresent()) {
            positions.put(partition, stored.getAsLong());
        } else {
            positions.remove(partition);
        }
    }

    /** Where this projection stands in an assigned partition; empty: from its beginning. */
    OptionalLong position(TopicPartition partition) {
        Long next = positions.get(partition);
        return next == null ? OptionalLong.empty() : OptionalLong.of(next);
    }

    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(positions::remove);
        stalls.forget(partitions);
    }

    /** After a commit: these offsets are stored, the projection goes on from them. */
    void committed(Map<TopicPartition, Long> next, CommitTally tally, MeterRegistry meters) {
        positions.putAll(next);
        tally.committed(name(), meters, fed.meters(), fed.afterCommit());
    }

    /** The record could not be applied, too often: the partition stops here for this projection. */
    void stop(ConsumerRecord<String, byte[]> record, String reason) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        stalls.stop(partition, record.offset(), reason);
        positions.put(partition, record.offset());
    }
}
