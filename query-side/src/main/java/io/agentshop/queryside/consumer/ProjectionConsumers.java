package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.infrastructure.kafka.EventsTopicSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.context.SmartLifecycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@link ProjectionConsumer} per registered projection, started with the context, stopped first. Each projection's
 * {@link ProjectionMeters} are registered here once, so a consumer started again after a pause reports to the same
 * meters.
 */
public final class ProjectionConsumers implements SmartLifecycle {

    private final List<ProjectionConsumer> consumers;
    private final List<ProjectionRegistration> registrations;
    private final EventsTopicSettings settings;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final Map<String, ProjectionMeters> projectionMeters = new LinkedHashMap<>();
    private volatile boolean running;
    private final boolean autoStartup;

    /** @param autoStartup false (property {@code agentshop.consumers.enabled=false}) leaves the consumers idle */
    public ProjectionConsumers(List<ProjectionRegistration> registrations, EventsTopicSettings settings,
                               ObjectMapper json, MeterRegistry meters, ObservationRegistry observations,
                               boolean autoStartup) {
        this.autoStartup = autoStartup;
        this.observations = observations;
        this.registrations = registrations;
        this.settings = settings;
        this.json = json;
        this.meters = meters;
        registrations.forEach(registration -> projectionMeters.put(registration.projection().name(),
                ProjectionMeters.register(meters, registration.projection().name())));
        this.consumers = new java.util.concurrent.CopyOnWriteArrayList<>(registrations.stream()
                .map(this::liveConsumer)
                .toList());
    }

    private ProjectionConsumer liveConsumer(ProjectionRegistration registration) {
        String name = registration.projection().name();
        return new ProjectionConsumer(registration.projection(), registration.dataSource(),
                settings.bootstrapServers(), settings.eventsTopic(), json, meters,
                ConsumerOptions.live(registration, projectionMeters.get(name), observations));
    }

    public Optional<ProjectionRegistration> registration(String name) {
        return registrations.stream().filter(r -> r.projection().name().equals(name)).findFirst();
    }

    public List<String> names() {
        return registrations.stream().map(r -> r.projection().name()).toList();
    }

    /** Stops this node's live consumer of a projection (a switch-over is about to move its tables). */
    public boolean pause(String name) {
        return named(name).map(ProjectionConsumer::stopAndWait).orElse(true);
    }

    /** Starts a fresh live consumer for a projection, resuming from the offsets stored with its data. */
    public void resume(String name) {
        ProjectionRegistration registration = registration(name).orElseThrow();
        ProjectionConsumer fresh = liveConsumer(registration);
        consumers.removeIf(consumer -> consumer.name().equals(name));
        consumers.add(fresh);
        if (running) {
            fresh.start();
        }
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
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
