package io.agentshop.commandside.infrastructure.kafka;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Where and how the outbox relay publishes: {@code agentshop.kafka.*}.
 *
 * @param bootstrapServers       the brokers, comma separated
 * @param eventsTopic            the topic every event and refusal goes to, keyed by aggregate id
 * @param outboxBatchSize        events sent together before their acknowledgements are awaited
 * @param acknowledgementTimeout how long a batch may wait for Kafka before it is retried
 */
@Validated
@ConfigurationProperties("agentshop.kafka")
public record KafkaSettings(@NotBlank String bootstrapServers, @NotBlank String eventsTopic,
                            @DefaultValue("200") @Min(1) @Max(10_000) int outboxBatchSize,
                            @DefaultValue("10s") Duration acknowledgementTimeout) {
}
