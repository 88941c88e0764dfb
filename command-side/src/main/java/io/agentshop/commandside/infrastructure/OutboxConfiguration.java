package io.agentshop.commandside.infrastructure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.infrastructure.kafka.KafkaHealthIndicator;
import io.agentshop.commandside.infrastructure.kafka.KafkaSettings;
import io.agentshop.commandside.infrastructure.outbox.EventEnvelopes;
import io.agentshop.commandside.infrastructure.outbox.KafkaOutbox;
import io.agentshop.commandside.infrastructure.outbox.OutboxProducer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * The outbox relay: every stored event, in the store's global order, to the events topic as its envelope, with the
 * relay's lag as a gauge; and the Kafka admin client the health indicator asks whether the broker is there.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaSettings.class)
class OutboxConfiguration {

    /** Envelopes copy payloads and metadata as the event store's serializer wrote them. */
    @Bean
    EventEnvelopes eventEnvelopes(ObjectMapper objectMapper, @Qualifier("eventSerializer") Serializer eventSerializer) {
        return new EventEnvelopes(objectMapper, eventSerializer);
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
                                .andBatchSize(settings.outboxBatchSize())
                                // A node without the relay looks for it every 2 s: a dead holder's claim (15 s)
                                // is taken over soon after it lapses.
                                .andTokenClaimInterval(2, java.util.concurrent.TimeUnit.SECONDS))
                .registerListenerInvocationErrorHandler(KafkaOutbox.PROCESSING_GROUP,
                        axon -> PropagatingErrorHandler.instance()));
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
