package io.agentshop.commandside.infrastructure;

import io.agentshop.commandside.api.CommandSide;
import io.agentshop.commandside.domain.AccountGate;
import io.agentshop.commandside.domain.Catalog;
import io.agentshop.commandside.domain.account.Account;
import io.agentshop.commandside.domain.product.Product;
import io.agentshop.commandside.infrastructure.axon.ActorRequiredInterceptor;
import io.agentshop.commandside.infrastructure.axon.AggregateCatalog;
import io.agentshop.commandside.infrastructure.axon.AxonCommandSide;
import io.agentshop.commandside.infrastructure.axon.CommandRetrySettings;
import io.agentshop.commandside.infrastructure.axon.CommandTargets;
import io.agentshop.commandside.infrastructure.axon.InternalCommandInterceptor;
import io.agentshop.commandside.infrastructure.axon.RejectionRecorder;
import io.agentshop.commandside.infrastructure.axon.RejectionRecordingCommandBus;
import io.agentshop.commandside.infrastructure.axon.RepositoryAccountGate;
import io.agentshop.commandside.infrastructure.axon.StoredPositions;
import io.agentshop.commandside.infrastructure.axon.TextPolicyInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.Repository;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import java.time.Clock;

/**
 * How a command is handled: the bus with its interceptors (an Actor on every command, internal commands kept
 * internal, the text rule), retries of a command that lost a race on its aggregate ({@link CommandRetrySettings}),
 * every refusal recorded in a transaction of its own, and the ports the aggregates decide with.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandRetrySettings.class)
class CommandBusConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The refusal's own transaction: REQUIRES_NEW, so even a caller that dispatched inside a transaction of its own
     * cannot take the record down with the refused command.
     */
    @Bean
    RejectionRecorder rejectionRecorder(@Lazy EventStore eventStore, PlatformTransactionManager transactions) {
        return new RejectionRecorder(eventStore, new SpringTransactionManager(transactions,
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW)));
    }

    @Bean
    CommandBus commandBus(TransactionManager transactionManager, org.axonframework.config.Configuration axon,
                          DuplicateCommandHandlerResolver duplicateCommandHandlerResolver,
                          RejectionRecorder rejectionRecorder, CommandRetrySettings retries,
                          ObjectProvider<MeterRegistry> meters) {
        SimpleCommandBus bus = SimpleCommandBus.builder()
                .transactionManager(transactionManager)
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        bus.registerHandlerInterceptor(new ActorRequiredInterceptor());
        bus.registerHandlerInterceptor(new InternalCommandInterceptor());
        bus.registerHandlerInterceptor(new TextPolicyInterceptor());
        return new RejectionRecordingCommandBus(bus, rejectionRecorder, retries.maxAttempts(),
                retries.backoff().toMillis(), meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    /** Which aggregate each command is for: the one it names, without Axon's reflection on every command. */
    @Bean
    CommandTargetResolver commandTargets() {
        return new CommandTargets();
    }

    /** Retries live in the command bus, which sees the final outcome and records it; the gateway only waits. */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    /** What the host uses, and all it uses: commands in, results and stored positions out. */
    @Bean
    CommandSide commandSide(CommandGateway commandGateway, StoredPositions positions) {
        return new AxonCommandSide(commandGateway, positions);
    }

    @Bean
    Catalog catalog(@Lazy Repository<Product> productRepository, @Lazy CommandGateway commandGateway) {
        return new AggregateCatalog(productRepository, commandGateway);
    }

    @Bean
    AccountGate accountGate(@Lazy Repository<Account> accountRepository, Clock clock) {
        return new RepositoryAccountGate(accountRepository, clock);
    }
}
