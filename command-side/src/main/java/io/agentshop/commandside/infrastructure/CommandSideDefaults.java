package io.agentshop.commandside.infrastructure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Settings the command side needs whatever hosts it, as defaults of the lowest precedence (the host may still
 * override them): Jackson for every Axon message, no call home, no handler timeouts, and db-scheduler held back until
 * the context is ready, by when {@code WriteModelSchema} has created its table.
 */
public final class CommandSideDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("axon.serializer.general", "jackson"),
            Map.entry("axon.serializer.events", "jackson"),
            Map.entry("axon.serializer.messages", "jackson"),
            Map.entry("axon.update-check.disabled", "true"),
            Map.entry("db-scheduler.delay-startup-until-context-ready", "true"),
            Map.entry("db-scheduler.table-name", "scheduled_tasks"),
            // Longer than a batch may wait for Kafka (10 s), so another node does not take the relay mid-batch, and short
            // enough that when the node holding the relay dies another takes it over within seconds (the outbox
            // processor asks for unclaimed segments every 2 s). Were a batch slower still, another node would send
            // it again: consumers skip what they have applied, by event id.
            Map.entry("axon.eventhandling.tokenstore.claim-timeout", "15s"),
            // Axon's handler timeouts take a stack trace and schedule a timer for every handler invocation (some 5%
            // of the edge's CPU under load) and end overdue work by interrupting the thread, in the middle of a JDBC
            // call. PostgreSQL's lock and statement timeouts (the host sets them: the edge's application.yml) bound
            // the command side's work instead, and cleanly.
            Map.entry("axon.timeout.enabled", "false"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("agentshop-command-side-defaults", DEFAULTS));
    }
}
