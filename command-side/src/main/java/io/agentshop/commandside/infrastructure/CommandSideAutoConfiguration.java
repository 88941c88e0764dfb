package io.agentshop.commandside.infrastructure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.domain.account.Account;
import io.agentshop.commandside.domain.order.Order;
import io.agentshop.commandside.domain.product.Product;
import io.agentshop.commandside.infrastructure.seed.SeedCatalog;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/**
 * Wires the command side into whatever application hosts it (the MCP edge), so the host needs no knowledge of its
 * storage or messaging. By concern: the event store ({@link EventStoreConfiguration}), the command bus with its
 * retries and refusals ({@link CommandBusConfiguration}), the outbox relay to Kafka ({@link OutboxConfiguration}).
 * The aggregates are registered here rather than found by the host's component scan: the host need not know them.
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class})
@Import({EventStoreConfiguration.class, CommandBusConfiguration.class, OutboxConfiguration.class,
        Account.class, Order.class, Product.class})
public class CommandSideAutoConfiguration {

    /** The catalog an empty event store starts with. */
    @Bean
    @ConditionalOnProperty(name = "agentshop.seed-catalog.enabled", havingValue = "true", matchIfMissing = true)
    SeedCatalog seedCatalog(EventStorageEngine eventStorageEngine, CommandGateway commandGateway,
                            ObjectMapper objectMapper, DataSource dataSource) {
        return new SeedCatalog(eventStorageEngine, commandGateway, objectMapper, dataSource);
    }
}
