package io.agentshop.queryside.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.Map;

/**
 * A poll's records into the projection: all in one transaction together with each partition's next offset, so a
 * crash never applies an event twice nor skips one. If that fails for a reason other than an outage, record by record,
 * so the records before a failing one commit, and a record that keeps failing stops its own partition only. An outage
 * is thrown: the consumer waits and resumes from the stored offsets.
 */
final class BatchApplier {

    private static final Logger log = LoggerFactory.getLogger(BatchApplier.class);

    private final String projection;
    private final TransactionTemplate transactions;
    private final ConsumerBookkeeping bookkeeping;
    private final RecordApplier records;
    private final PartitionStalls stalls;
    private final MeterRegistry meters;
    private final ProjectionMeters projectionMeters;
    private final Runnable afterCommit;

    BatchApplier(String projection, TransactionTemplate transactions, ConsumerBookkeeping bookkeeping,
                 RecordApplier records, PartitionStalls stalls, MeterRegistry meters, ConsumerOptions options) {
        this.projection = projection;
        this.transactions = transactions;
        this.bookkeeping = bookkeeping;
        this.records = records;
        this.stalls = stalls;
        this.meters = meters;
        this.projectionMeters = options.projectionMeters();
        this.afterCommit = options.afterCommit();
    }

    void apply(ConsumerRecords<String, byte[]> polled, KafkaConsumer<String, byte[]> kafka) {
        try {
            CommitTally tally = new CommitTally();
            transactions.executeWithoutResult(status -> {
                Map<TopicPartition, Long> next = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : polled) {
                    records.apply(record, false, tally);
                    next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                bookkeeping.storeOffsets(next);
            });
            committed(tally);
            stalls.allApplied();
        } catch (RuntimeException failed) {
            if (Outages.isOutage(failed)) {
                throw failed;
            }
            log.warn("{}: a batch of {} failed ({}); applying its records one by one", projection, polled.count(),
                    failed.toString());
            polled.forEach(record -> applyAlone(record, kafka));
        }
    }

    private void applyAlone(ConsumerRecord<String, byte[]> record, KafkaConsumer<String, byte[]> kafka) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (stalls.isStopped(record.partition())) {
            return; // stopped at an earlier record of this poll: nothing after it, in order
        }
        CommitTally tally = new CommitTally();
        try {
            transactions.executeWithoutResult(status -> {
                records.apply(record, true, tally);
                bookkeeping.storeOffsets(Map.of(partition, record.offset() + 1));
            });
        } catch (RuntimeException cannotApply) {
            if (Outages.isOutage(cannotApply) || !stalls.failedTooOften(record, partition)) {
                throw cannotApply;
            }
            stalls.stop(kafka, partition, record.offset(), Outages.rootMessage(cannotApply));
            return;
        }
        committed(tally);
        stalls.applied(partition);
    }

    private void committed(CommitTally tally) {
        tally.committed(projection, meters, projectionMeters, afterCommit);
    }
}
