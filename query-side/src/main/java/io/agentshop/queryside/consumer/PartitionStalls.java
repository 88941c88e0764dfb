package io.agentshop.queryside.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions of one projection stopped at a record it could not apply, and the attempts that lead there: a record
 * that failed {@value #MAX_ATTEMPTS} times stops its partition for the projection (nothing more of it is applied, its
 * offset stays at that record), the stall is stored so every node and a restart know, and the health says so; the
 * other partitions go on, and so do the other projections of the same consumer. An operator clears the stall once the
 * cause is fixed, and the projection applies the partition again from that record. What the Kafka consumer fetches
 * is its consumer's business ({@link ProjectionConsumer}): it stops fetching a partition every projection stopped.
 * <p>
 * Used on the consumer's thread, but for {@link #all()}, which the health indicator reads from another.
 */
final class PartitionStalls {

    /** Attempts at one record before its partition stops there. */
    static final int MAX_ATTEMPTS = 3;
    /** How often a consumer with stopped partitions looks whether an operator cleared them. */
    private static final Duration STALL_CHECK = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(PartitionStalls.class);

    private final String projection;
    private final String topic;
    private final ConsumerBookkeeping bookkeeping;
    private final ProjectionMeters meters;
    /** Failed attempts at a record, by partition and offset; forgotten once it is applied or its partition stopped. */
    private final Map<TopicPartition, long[]> attempts = new HashMap<>();
    private final Map<Integer, ConsumerBookkeeping.PartitionStall> stalled = new ConcurrentHashMap<>();
    private long nextCheck;

    PartitionStalls(String projection, String topic, ConsumerBookkeeping bookkeeping, ProjectionMeters meters) {
        this.projection = projection;
        this.topic = topic;
        this.bookkeeping = bookkeeping;
        this.meters = meters;
    }

    Collection<ConsumerBookkeeping.PartitionStall> all() {
        return List.copyOf(stalled.values());
    }

    boolean isStopped(int partition) {
        return stalled.containsKey(partition);
    }

    /** Counts a failed attempt at this record; true once it has failed {@value #MAX_ATTEMPTS} times. */
    boolean failedTooOften(ConsumerRecord<String, byte[]> record, TopicPartition partition) {
        long[] seen = attempts.get(partition);
        if (seen == null || seen[0] != record.offset()) {
            seen = new long[] {record.offset(), 0};
            attempts.put(partition, seen);
        }
        seen[1]++;
        return seen[1] >= MAX_ATTEMPTS;
    }

    /** The partition's record went through: its failed attempts are forgotten. */
    void applied(TopicPartition partition) {
        attempts.remove(partition);
    }

    /** A whole poll went through. */
    void allApplied() {
        attempts.clear();
    }

    /** Stops the partition at the record it could not apply, stored and logged with what to do. */
    void stop(TopicPartition partition, long offset, String reason) {
        ConsumerBookkeeping.PartitionStall stall = new ConsumerBookkeeping.PartitionStall(projection,
                partition.partition(), offset, reason, Instant.now());
        bookkeeping.recordStall(stall);
        stopAt(stall);
        attempts.remove(partition);
        log.error("{}: partition {} of {} STOPPED at offset {} after {} attempts: {}. Fix the cause, then clear the"
                        + " stall (java -jar query-side.jar retry-stalled --projection={} --partition={})",
                projection, partition.partition(), partition.topic(), offset, MAX_ATTEMPTS, reason, projection,
                partition.partition());
    }

    /** Newly assigned partitions stopped here or on another node, and not cleared yet, stay stopped. */
    void keepStopped(Collection<TopicPartition> assigned) {
        Map<Integer, ConsumerBookkeeping.PartitionStall> standing = bookkeeping.stalls();
        for (TopicPartition partition : assigned) {
            ConsumerBookkeeping.PartitionStall stall = standing.get(partition.partition());
            if (stall != null) {
                stopAt(stall);
            }
        }
    }

    /** Partitions that moved to another node are that node's to report. */
    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partition -> stalled.remove(partition.partition()));
        meters.stalled(stalled.size());
    }

    /**
     * Every few seconds while partitions are stopped: those an operator cleared go on from their record. Answers them,
     * so that the consumer fetches them again from there.
     */
    List<TopicPartition> resumeCleared() {
        if (stalled.isEmpty() || System.nanoTime() < nextCheck) {
            return List.of();
        }
        nextCheck = System.nanoTime() + STALL_CHECK.toNanos();
        Map<Integer, ConsumerBookkeeping.PartitionStall> standing = bookkeeping.stalls();
        List<TopicPartition> cleared = new ArrayList<>();
        for (Integer partition : List.copyOf(stalled.keySet())) {
            if (!standing.containsKey(partition)) {
                stalled.remove(partition);
                cleared.add(new TopicPartition(topic, partition));
                log.info("{}: partition {} resumed: its stall was cleared", projection, partition);
            }
        }
        meters.stalled(stalled.size());
        return cleared;
    }

    private void stopAt(ConsumerBookkeeping.PartitionStall stall) {
        stalled.put(stall.partition(), stall);
        meters.stalled(stalled.size());
    }
}
