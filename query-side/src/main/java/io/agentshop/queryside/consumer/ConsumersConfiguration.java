package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.infrastructure.kafka.EventsTopicSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.springframework.beans.factory.ObjectProvider;

/** Every {@link ProjectionRegistration} bean gets its consumer. {@code agentshop.consumers.enabled=false} holds them. */
@Configuration(proxyBeanMethods = false)
public class ConsumersConfiguration {

    @Bean
    ProjectionConsumers projectionConsumers(ObjectProvider<ProjectionRegistration> registrations,
                                            EventsTopicSettings settings, ObjectMapper json, MeterRegistry meters,
                                            ObjectProvider<ObservationRegistry> observations,
                                            @Value("${agentshop.consumers.enabled:true}") boolean enabled) {
        return new ProjectionConsumers(registrations.orderedStream().toList(), settings, json, meters,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP), enabled);
    }

    @Bean("projections")
    @ConditionalOnClass(HealthIndicator.class)
    HealthIndicator projectionsHealth(ProjectionConsumers consumers) {
        return new ProjectionsHealth(consumers);
    }
}
