package io.agentshop.commandside.infrastructure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Settings the command side needs whatever hosts it, as defaults of the lowest precedence (the host may still
 * override them): Jackson for every Axon message, no call home, and db-scheduler held back until the context is ready,
 * by when {@code WriteModelSchema} has created its table.
 */
public final class CommandSideDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.of(
            "axon.serializer.general", "jackson",
            "axon.serializer.events", "jackson",
            "axon.serializer.messages", "jackson",
            "axon.update-check.disabled", "true",
            "db-scheduler.delay-startup-until-context-ready", "true",
            "db-scheduler.table-name", "scheduled_tasks");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("agentshop-command-side-defaults", DEFAULTS));
    }
}
