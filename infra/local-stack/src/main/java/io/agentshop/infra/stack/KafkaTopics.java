package io.agentshop.infra.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates topics that do not exist yet; an existing topic is left as it is (partitions only ever grow by hand). */
public final class KafkaTopics {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

    private KafkaTopics() {
    }

    public static void ensure(String bootstrapServers, String topic, int partitions) {
        ensure(bootstrapServers, topic, partitions, 1);
    }

    /**
     * {@code replicas} copies of each partition; with three or more, a write needs two of them in sync
     * ({@code min.insync.replicas=2} with the producers' {@code acks=all}), so one node can die and lose nothing.
     */
    public static void ensure(String bootstrapServers, String topic, int partitions, int replicas) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            try {
                NewTopic created = new NewTopic(topic, partitions, (short) replicas);
                if (replicas >= 3) {
                    created.configs(Map.of("min.insync.replicas", "2"));
                }
                admin.createTopics(java.util.List.of(created))
                        .all().get(30, TimeUnit.SECONDS);
                log.info("Kafka topic {} created with {} partitions, {} replicas", topic, partitions, replicas);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                int existing = partitionsOf(admin, topic).orElse(-1);
                if (existing != partitions) {
                    log.warn("Kafka topic {} exists with {} partitions, not the {} configured; left as it is",
                            topic, existing, partitions);
                }
            }
            awaitLeaders(admin, topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new StackStartupException("could not create Kafka topic " + topic + " on " + bootstrapServers
                    + ": " + PostgresServer.rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartupException("interrupted while creating Kafka topic " + topic, e);
        }
    }

    /**
     * A created topic is not usable until every partition's leader serves it; an idempotent producer that writes before
     * then can be refused (NOT_LEADER) and wedge on out-of-order sequence numbers. A leader in the metadata is not
     * enough (seen here: the broker's metadata named itself leader while its replica manager still answered
     * NOT_LEADER), so ensure returns only once every partition also answers a request for its end offset, which the
     * leader's replica itself serves.
     */
    private static void awaitLeaders(Admin admin, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            TopicDescription description;
            try {
                description = admin.describeTopics(java.util.List.of(topic))
                        .allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                // Just created: the broker that answered has not had the topic's metadata yet.
                description = null;
            }
            if (description != null && !description.partitions().isEmpty()
                    && description.partitions().stream().allMatch(partition -> partition.leader() != null
                    && !partition.leader().isEmpty())
                    && leadersServe(admin, topic, description)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topic " + topic + " has partitions without a leader after 30 s");
            }
            // Leader election has no notification for an admin client: ask again shortly, bounded by the deadline.
            Thread.sleep(50);
        }
    }

    private static boolean leadersServe(Admin admin, String topic, TopicDescription description)
            throws InterruptedException {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        description.partitions().forEach(partition ->
                ends.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
        try {
            admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException notYet) {
            return false; // the loop asks again until its own deadline
        }
    }

    private static Optional<Integer> partitionsOf(Admin admin, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription description = admin.describeTopics(java.util.List.of(topic))
                .allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        return Optional.ofNullable(description).map(d -> d.partitions().size());
    }
}
