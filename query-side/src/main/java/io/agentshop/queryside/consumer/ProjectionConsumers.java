package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.infrastructure.kafka.EventsTopicSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.SmartLifecycle;

import java.util.List;
import java.util.Optional;

/** One {@link ProjectionConsumer} per registered projection, started after the context is ready, stopped first. */
public final class ProjectionConsumers implements SmartLifecycle {

    private final List<ProjectionConsumer> consumers;
    private volatile boolean running;

    public ProjectionConsumers(List<ProjectionRegistration> registrations, EventsTopicSettings settings,
                               ObjectMapper json, MeterRegistry meters) {
        this.consumers = registrations.stream()
                .map(registration -> new ProjectionConsumer(registration.projection(), registration.dataSource(),
                        settings.bootstrapServers(), settings.eventsTopic(), json, meters))
                .toList();
    }

    public Optional<ProjectionConsumer> named(String name) {
        return consumers.stream().filter(consumer -> consumer.name().equals(name)).findFirst();
    }

    @Override
    public void start() {
        consumers.forEach(ProjectionConsumer::start);
        running = true;
    }

    @Override
    public void stop() {
        consumers.forEach(ProjectionConsumer::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
