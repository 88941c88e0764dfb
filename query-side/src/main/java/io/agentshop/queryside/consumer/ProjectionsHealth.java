package io.agentshop.queryside.consumer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health component {@code projections}: DOWN while this node's consumer of any projection has a partition stopped
 * at a record it could not apply, naming the projection, the partition, the offset and the reason, so a stopped audit
 * trail is never a silent one.
 */
final class ProjectionsHealth implements HealthIndicator {

    private final ProjectionConsumers consumers;

    ProjectionsHealth(ProjectionConsumers consumers) {
        this.consumers = consumers;
    }

    @Override
    public Health health() {
        List<Map<String, Object>> stalls = new ArrayList<>();
        for (ProjectionConsumer consumer : consumers.all()) {
            consumer.stalls().forEach(stall -> {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("projection", stall.projection());
                detail.put("partition", stall.partition());
                detail.put("offset", stall.offset());
                detail.put("reason", stall.reason());
                detail.put("since", stall.since().toString());
                stalls.add(detail);
            });
        }
        return (stalls.isEmpty() ? Health.up() : Health.down().withDetail("stalled", stalls)
                .withDetail("action", "fix the cause, then: java -jar query-side.jar retry-stalled")).build();
    }
}
