package io.agentshop.commandside.infrastructure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.domain.AccountGate;
import io.agentshop.commandside.domain.Catalog;
import io.agentshop.commandside.domain.account.Account;
import io.agentshop.commandside.domain.order.Order;
import io.agentshop.commandside.domain.product.Product;
import io.agentshop.commandside.infrastructure.axon.ActorRequiredInterceptor;
import io.agentshop.commandside.infrastructure.axon.AggregateCatalog;
import io.agentshop.commandside.infrastructure.axon.AggregateCache;
import io.agentshop.commandside.infrastructure.axon.AggregateCacheSettings;
import io.agentshop.commandside.infrastructure.axon.InternalCommandInterceptor;
import io.agentshop.commandside.infrastructure.axon.TextPolicyInterceptor;
import io.agentshop.commandside.infrastructure.axon.MetaDataKeys;
import io.agentshop.commandside.infrastructure.axon.RejectionRecorder;
import io.agentshop.commandside.infrastructure.axon.RejectionRecordingCommandBus;
import io.agentshop.commandside.infrastructure.axon.RepositoryAccountGate;
import io.agentshop.commandside.infrastructure.axon.StoredPositions;
import io.agentshop.commandside.infrastructure.axon.TimedEventStorageEngine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.agentshop.commandside.infrastructure.axon.WriteModelSchema;
import io.agentshop.commandside.infrastructure.kafka.KafkaHealthIndicator;
import io.agentshop.commandside.infrastructure.kafka.KafkaSettings;
import io.agentshop.commandside.infrastructure.outbox.EventEnvelopes;
import io.agentshop.commandside.infrastructure.outbox.KafkaOutbox;
import io.agentshop.commandside.infrastructure.outbox.OutboxProducer;
import io.agentshop.commandside.infrastructure.seed.SeedCatalog;
import io.agentshop.commandside.api.Actor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.modelling.command.Repository;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

import java.time.Clock;
import java.util.Map;

/**
 * Wires the command side into whatever application hosts it (the MCP edge), so the host needs no knowledge of its
 * storage or messaging: the event store schema, the command bus that records refusals, the ports the aggregates
 * decide with, and the outbox relay to Kafka.
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class})
@EnableConfigurationProperties({KafkaSettings.class, AggregateCacheSettings.class})
// The aggregates are registered here rather than found by the host's component scan: the host need not know them.
@Import({Account.class, Order.class, Product.class})
public class CommandSideAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Axon's keys are confusing ({@code correlationId} holds the parent); ours say causation and correlation. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider(MetaDataKeys.CAUSATION, MetaDataKeys.CORRELATION);
    }

    /** Every event a command causes carries the command's Actor, and the traceparent of the span that sent it. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(Actor.METADATA_KEY, MetaDataKeys.TRACEPARENT);
    }

    /**
     * Axon's JDBC engine as its auto-configuration builds it, but with gap limits fit for a relay that must never skip:
     * a global index allocated by a transaction that has not committed yet is a gap the tracking token waits for; by
     * default it stops waiting after 60 s or 10 000 positions, and an event committed later would never be read.
     */
    @Bean
    EventStorageEngine eventStorageEngine(@Qualifier("serializer") Serializer serializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration axon,
                                          ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          ObjectProvider<MeterRegistry> meters) {
        return new TimedEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(axon.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(axon.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(EVENT_SCHEMA)
                .gapTimeout(GAP_TIMEOUT_MILLIS)
                .maxGapOffset(MAX_GAP_OFFSET), meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    /** Axon's default table and column names, as its PostgreSQL table factory creates them. */
    static final EventSchema EVENT_SCHEMA = new EventSchema();

    /** Ten minutes: far longer than any write transaction may take (the relay's batches wait 30 s at most). */
    static final int GAP_TIMEOUT_MILLIS = 600_000;
    /** A gap is kept even a million positions behind the head of the stream. */
    static final int MAX_GAP_OFFSET = 1_000_000;

    @Bean(destroyMethod = "close")
    AggregateCache aggregates(AggregateCacheSettings settings) {
        return new AggregateCache(settings);
    }

    /** The cache every aggregate names ({@code @Aggregate(cache = "aggregateCache")}). */
    @Bean
    Cache aggregateCache(AggregateCache aggregates) {
        return aggregates.cache();
    }

    @Bean
    StoredPositions storedPositions(JdbcTemplate jdbc) {
        return new StoredPositions(jdbc, EVENT_SCHEMA);
    }

    @Bean
    WriteModelSchema writeModelSchema(EventStorageEngine eventStorageEngine, TokenStore tokenStore, JdbcTemplate jdbc) {
        return new WriteModelSchema(eventStorageEngine, tokenStore, jdbc);
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
                          RejectionRecorder rejectionRecorder, ObjectProvider<MeterRegistry> meters) {
        SimpleCommandBus bus = SimpleCommandBus.builder()
                .transactionManager(transactionManager)
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        bus.registerHandlerInterceptor(new ActorRequiredInterceptor());
        bus.registerHandlerInterceptor(new InternalCommandInterceptor());
        bus.registerHandlerInterceptor(new TextPolicyInterceptor());
        return new RejectionRecordingCommandBus(bus, rejectionRecorder, 6, 15,
                meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    /** Retries live in the command bus, which sees the final outcome and records it; the gateway only waits. */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    @Bean
    Catalog catalog(@Lazy Repository<Product> productRepository, @Lazy CommandGateway commandGateway) {
        return new AggregateCatalog(productRepository, commandGateway);
    }

    @Bean
    AccountGate accountGate(@Lazy Repository<Account> accountRepository, Clock clock) {
        return new RepositoryAccountGate(accountRepository, clock);
    }

    @Bean
    EventEnvelopes eventEnvelopes(ObjectMapper objectMapper) {
        return new EventEnvelopes(objectMapper);
    }

    @Bean(destroyMethod = "close")
    OutboxProducer outboxProducer(KafkaSettings settings) {
        return new OutboxProducer(settings.bootstrapServers(), settings.acknowledgementTimeout());
    }

    @Bean
    @ConditionalOnProperty(name = "agentshop.outbox.enabled", havingValue = "true", matchIfMissing = true)
    KafkaOutbox kafkaOutbox(OutboxProducer outboxProducer, EventEnvelopes envelopes, KafkaSettings settings,
                            EventStorageEngine storage, ObjectProvider<MeterRegistry> meters) {
        KafkaOutbox outbox = new KafkaOutbox(outboxProducer, envelopes, settings.eventsTopic(),
                settings.acknowledgementTimeout(), outboxProducer::renew);
        // Stored but not yet acknowledged by Kafka: the head of the store minus the last acknowledged position.
        Gauge.builder("agentshop.outbox.lag", () -> headPosition(storage) - outbox.acknowledgedPosition())
                .description("events stored but not yet acknowledged by Kafka")
                .register(meters.getIfAvailable(() -> Metrics.globalRegistry));
        return outbox;
    }

    private static long headPosition(EventStorageEngine storage) {
        TrackingToken head = storage.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    /**
     * One thread reads the store in global order, so events of one aggregate reach Kafka in order; a failure is
     * propagated (Axon's default would log it and move on, losing the event) and the batch is retried.
     */
    @Bean
    ConfigurerModule outboxProcessing(KafkaSettings settings) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(KafkaOutbox.PROCESSING_GROUP,
                        org.axonframework.config.Configuration::eventStore,
                        axon -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(settings.outboxBatchSize()))
                .registerListenerInvocationErrorHandler(KafkaOutbox.PROCESSING_GROUP,
                        axon -> PropagatingErrorHandler.instance()));
    }

    @Bean
    @ConditionalOnProperty(name = "agentshop.seed-catalog.enabled", havingValue = "true", matchIfMissing = true)
    SeedCatalog seedCatalog(EventStorageEngine eventStorageEngine, CommandGateway commandGateway,
                            ObjectMapper objectMapper) {
        return new SeedCatalog(eventStorageEngine, commandGateway, objectMapper);
    }

    @Bean(destroyMethod = "close")
    Admin commandSideKafkaAdmin(KafkaSettings settings) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "agentshop-command-side-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(Admin commandSideKafkaAdmin, KafkaSettings settings) {
        return new KafkaHealthIndicator(commandSideKafkaAdmin, settings);
    }

}
