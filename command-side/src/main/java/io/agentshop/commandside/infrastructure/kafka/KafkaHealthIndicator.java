package io.agentshop.commandside.infrastructure.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka is up for the command side when the cluster answers and the events topic exists: without it the outbox
 * relay cannot publish, so events would pile up in the store.
 */
public final class KafkaHealthIndicator extends AbstractHealthIndicator {

    private static final int TIMEOUT_MS = 3_000;

    private final Admin admin;
    private final KafkaSettings settings;

    public KafkaHealthIndicator(Admin admin, KafkaSettings settings) {
        super("Kafka health check failed");
        this.admin = admin;
        this.settings = settings;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
        String clusterId = cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        int nodes = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
        TopicDescription topic = admin.describeTopics(List.of(settings.eventsTopic()),
                        new DescribeTopicsOptions().timeoutMs(TIMEOUT_MS))
                .allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(settings.eventsTopic());
        builder.up()
                .withDetail("bootstrapServers", settings.bootstrapServers())
                .withDetail("clusterId", clusterId)
                .withDetail("nodes", nodes)
                .withDetail("eventsTopic", settings.eventsTopic())
                .withDetail("partitions", topic.partitions().size());
    }
}
