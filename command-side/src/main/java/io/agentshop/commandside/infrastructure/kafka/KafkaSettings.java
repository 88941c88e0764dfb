package io.agentshop.commandside.infrastructure.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/**
 * Where the outbox relay publishes: {@code agentshop.kafka.*}.
 *
 * @param bootstrapServers the brokers, comma separated
 * @param eventsTopic      the topic every event and refusal goes to, keyed by aggregate id
 */
@Validated
@ConfigurationProperties("agentshop.kafka")
public record KafkaSettings(@NotBlank String bootstrapServers, @NotBlank String eventsTopic) {
}
