package io.agentshop.queryside.infrastructure.kafka;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the published events are read from: {@code agentshop.kafka.*}.
 *
 * @param bootstrapServers the brokers, comma separated
 * @param eventsTopic      the topic the command side's outbox relay publishes to
 */
@Validated
@ConfigurationProperties("agentshop.kafka")
public record EventsTopicSettings(@NotBlank String bootstrapServers, @NotBlank String eventsTopic) {
}
