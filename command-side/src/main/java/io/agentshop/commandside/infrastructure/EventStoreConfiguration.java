package io.agentshop.commandside.infrastructure;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.infrastructure.axon.AggregateCache;
import io.agentshop.commandside.infrastructure.axon.AggregateCacheSettings;
import io.agentshop.commandside.infrastructure.axon.MetaDataKeys;
import io.agentshop.commandside.infrastructure.axon.StoreCheckedCache;
import io.agentshop.commandside.infrastructure.axon.StoredPositions;
import io.agentshop.commandside.infrastructure.axon.ShopEventStorageEngine;
import io.agentshop.commandside.infrastructure.axon.WriteModelSchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event store: Axon's JDBC engine on the host's PostgreSQL, what every stored event carries besides its payload
 * (the Actor, causation, correlation, the trace), the cache aggregates load from, and the schema of the write model.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AggregateCacheSettings.class)
class EventStoreConfiguration {

    /** Axon's default table and column names, as its PostgreSQL table factory creates them. */
    static final EventSchema EVENT_SCHEMA = new EventSchema();
    /** Ten minutes: far longer than any write transaction may take (a relay batch waits for Kafka 10 s at most). */
    static final int GAP_TIMEOUT_MILLIS = 600_000;
    /** A gap is kept even a million positions behind the head of the stream. */
    static final int MAX_GAP_OFFSET = 1_000_000;

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
     * default it stops waiting after 60 s or 10 000 positions, and an event committed later would never be read. Its
     * reads of the global stream end after a batch that is not full ({@link ShopEventStorageEngine}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(@Qualifier("serializer") Serializer serializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration axon,
                                          ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          ObjectProvider<MeterRegistry> meters) {
        return new ShopEventStorageEngine(JdbcEventStorageEngine.builder()
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

    @Bean(destroyMethod = "close")
    AggregateCache aggregates(AggregateCacheSettings settings) {
        return new AggregateCache(settings);
    }

    /**
     * The cache every aggregate names ({@code @Aggregate(cache = "aggregateCache")}), checked against the store on every
     * load so that several edge nodes never decide on a state another node has moved past.
     */
    @Bean
    Cache aggregateCache(AggregateCache aggregates, EventStorageEngine eventStorageEngine) {
        return new StoreCheckedCache(aggregates.cache(), eventStorageEngine);
    }

    @Bean
    StoredPositions storedPositions(JdbcTemplate jdbc) {
        return new StoredPositions(jdbc, EVENT_SCHEMA);
    }

    @Bean
    WriteModelSchema writeModelSchema(EventStorageEngine eventStorageEngine, TokenStore tokenStore, JdbcTemplate jdbc) {
        return new WriteModelSchema(eventStorageEngine, tokenStore, jdbc);
    }
}
