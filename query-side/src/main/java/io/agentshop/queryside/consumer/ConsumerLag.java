package io.agentshop.queryside.consumer;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Records behind the end of the topic (the last stable offset, as the consumer reads committed records only) summed
 * over the assigned partitions. {@code currentLag} costs nothing: it is what the last fetch response said; only a
 * partition not fetched yet (or stopped, which is fetched no more) asks the broker for its end. Measured on the
 * consumer's own thread: a Kafka consumer is not thread-safe.
 */
final class ConsumerLag {

    private ConsumerLag() {
    }

    static long of(KafkaConsumer<String, byte[]> kafka) {
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
        return lag;
    }
}
