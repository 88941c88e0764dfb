package io.agentshop.queryside.infrastructure.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kafka is up for the query side when the cluster answers and the events topic it reads exists; the health
 * component is named {@code kafka}.
 */
@Component("kafka")
public class EventsTopicHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private static final int TIMEOUT_MS = 3_000;

    private final EventsTopicSettings settings;
    private final Admin admin;

    public EventsTopicHealthIndicator(EventsTopicSettings settings) {
        super("Kafka health check failed");
        this.settings = settings;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "agentshop-query-side-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
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

    @Override
    public void destroy() {
        admin.close();
    }
}
