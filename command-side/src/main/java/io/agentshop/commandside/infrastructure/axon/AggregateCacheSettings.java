package io.agentshop.commandside.infrastructure.axon;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code agentshop.aggregates.*}.
 *
 * @param maxEntries aggregates kept in memory per node (accounts, orders, products together); when it is full,
 *                   Ehcache evicts one of those used least lately (sampled, not strictly the oldest)
 */
@Validated
@ConfigurationProperties("agentshop.aggregates")
public record AggregateCacheSettings(@DefaultValue("10000") @Min(1) int maxEntries) {
}
