package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A poll's records into the consumer's projections: each record read once, applied to every projection that has not
 * applied it yet (a projection at a time, given all its records together, so it can write them in a few statements),
 * all in one transaction together with each projection's next offset of each partition, so a crash never applies an
 * event twice nor skips one. If that fails for a reason other than an outage, record by record and projection by
 * projection, so what goes through commits, and a record that keeps failing stops its partition for that projection
 * only. An outage is thrown: the consumer waits and resumes from the stored offsets.
 */
final class BatchApplier {

    private static final Logger log = LoggerFactory.getLogger(BatchApplier.class);

    private final String consumer;
    private final List<FedProjection> projections;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    BatchApplier(String consumer, List<FedProjection> projections, TransactionTemplate transactions, ObjectMapper json,
                 MeterRegistry meters) {
        this.consumer = consumer;
        this.projections = List.copyOf(projections);
        this.transactions = transactions;
        this.json = json;
        this.meters = meters;
    }

    void apply(ConsumerRecords<String, byte[]> polled) {
        Map<FedProjection, CommitTally> tallies = new LinkedHashMap<>();
        Map<FedProjection, Map<TopicPartition, Long>> next = new LinkedHashMap<>();
        try {
            transactions.executeWithoutResult(status -> {
                tallies.clear();
                next.clear();
                // Each record read once, whatever the number of projections that want it.
                Map<ConsumerRecord<String, byte[]>, RecordApplier.Read> reads = new IdentityHashMap<>();
                for (FedProjection projection : projections) {
                    List<RecordApplier.Read> wanted = new ArrayList<>();
                    Map<TopicPartition, Long> offsets = new HashMap<>();
                    for (ConsumerRecord<String, byte[]> record : polled) {
                        if (projection.wants(record)) {
                            wanted.add(reads.computeIfAbsent(record, r -> RecordApplier.Read.of(r, json)));
                            offsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                        }
                    }
                    if (!wanted.isEmpty()) {
                        CommitTally tally = new CommitTally();
                        projection.records().applyAll(wanted, tally);
                        projection.bookkeeping().storeOffsets(offsets);
                        tallies.put(projection, tally);
                        next.put(projection, offsets);
                    }
                }
            });
        } catch (RuntimeException failed) {
            if (Outages.isOutage(failed)) {
                throw failed;
            }
            log.warn("{}: a batch of {} failed ({}); applying its records one by one", consumer, polled.count(),
                    failed.toString());
            polled.forEach(this::applyAlone);
            return;
        }
        next.forEach((projection, offsets) -> projection.committed(offsets, tallies.get(projection), meters));
        projections.forEach(projection -> projection.stalls().allApplied());
    }

    private void applyAlone(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        RecordApplier.Read read = RecordApplier.Read.of(record, json);
        for (FedProjection projection : projections) {
            if (!projection.wants(record)) {
                continue; // applied already, or stopped at an earlier record of this partition: nothing after it
            }
            CommitTally tally = new CommitTally();
            try {
                transactions.executeWithoutResult(status -> {
                    projection.records().applyAlone(read, tally);
                    projection.bookkeeping().storeOffsets(Map.of(partition, record.offset() + 1));
                });
            } catch (RuntimeException cannotApply) {
                if (Outages.isOutage(cannotApply) || !projection.stalls().failedTooOften(record, partition)) {
                    throw cannotApply;
                }
                projection.stop(record, Outages.rootMessage(cannotApply));
                continue;
            }
            projection.committed(Map.of(partition, record.offset() + 1), tally, meters);
            projection.stalls().applied(partition);
        }
    }
}
