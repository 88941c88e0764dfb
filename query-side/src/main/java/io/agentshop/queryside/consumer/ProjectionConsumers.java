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
 * One {@link ProjectionConsumer} per live consumer the registered projections name (the read models share one, the
 * audit store has its own), started with the context, stopped first. Each projection's {@link ProjectionMeters} are
 * registered here once, so a consumer started again after a pause reports to the same meters.
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
                .map(ProjectionRegistration::consumer).distinct()
                .map(this::liveConsumer)
                .toList());
    }

    private ProjectionConsumer liveConsumer(String consumer) {
        List<ProjectionRegistration> fed = registrations.stream()
                .filter(registration -> registration.consumer().equals(consumer)).toList();
        if (fed.stream().map(ProjectionRegistration::dataSource).distinct().count() != 1) {
            throw new IllegalStateException("the projections of consumer " + consumer + " write to different databases;"
                    + " one transaction cannot hold them");
        }
        return new ProjectionConsumer(fed.stream().map(registration -> new Fed(registration.projection(),
                projectionMeters.get(registration.projection().name()), registration.afterCommit())).toList(),
                fed.get(0).dataSource(), settings.bootstrapServers(), settings.eventsTopic(), json, meters,
                new ConsumerOptions(consumer, observations));
    }

    public Optional<ProjectionRegistration> registration(String name) {
        return registrations.stream().filter(r -> r.projection().name().equals(name)).findFirst();
    }

    public List<String> names() {
        return registrations.stream().map(r -> r.projection().name()).toList();
    }

    /**
     * Stops this node's live consumer of a projection (a switch-over is about to move its tables), and so of the
     * projections it shares the consumer with: they wait for the switch-over too.
     */
    public boolean pause(String name) {
        return feeding(name).map(ProjectionConsumer::stopAndWait).orElse(true);
    }

    /** Starts a fresh live consumer for a projection (and those it shares it with), from their stored offsets. */
    public void resume(String name) {
        String consumer = registration(name).orElseThrow().consumer();
        ProjectionConsumer fresh = liveConsumer(consumer);
        consumers.removeIf(live -> live.name().equals(consumer));
        consumers.add(fresh);
        if (running) {
            fresh.start();
        }
    }

    /** The live consumer that feeds the projection of this name. */
    public Optional<ProjectionConsumer> feeding(String name) {
        return consumers.stream().filter(consumer -> consumer.feeds(name)).findFirst();
    }

    /** Every live consumer of this node. */
    public List<ProjectionConsumer> all() {
        return List.copyOf(consumers);
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
