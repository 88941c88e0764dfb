package io.agentshop.appsupport;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The local system runs on secrets published in this repository (database passwords, the edge's client secret).
 * They are the defaults only under the Spring profile {@value #LOCAL}; started without it, an application refuses to
 * start when such a setting is missing or still holds the published value, and says in one line which setting to set
 * (as a property and as an environment variable), before it opens a port or a connection.
 */
public final class DevelopmentSecrets implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    public static final String LOCAL = "local";
    /** The exit code of a refused start: a fixable configuration, like the launcher's. */
    public static final int EXIT_UNSAFE = 2;

    /**
     * A setting that holds a secret.
     *
     * @param property         its property name
     * @param developmentValue the value the local system publishes for it
     * @param required         whether the application needs it at all (else only a published value is refused)
     */
    public record Secret(String property, String developmentValue, boolean required) {

        public static Secret required(String property, String developmentValue) {
            return new Secret(property, developmentValue, true);
        }

        public static Secret ifSet(String property, String developmentValue) {
            return new Secret(property, developmentValue, false);
        }

        /** The environment variable Spring Boot binds to the property (relaxed binding). */
        public String environmentVariable() {
            return property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
        }
    }

    private final String application;
    private final List<Secret> secrets;
    private final PrintStream err;
    private final Runnable exit;

    public DevelopmentSecrets(String application, List<Secret> secrets) {
        this(application, secrets, System.err, () -> System.exit(EXIT_UNSAFE));
    }

    DevelopmentSecrets(String application, List<Secret> secrets, PrintStream err, Runnable exit) {
        this.application = application;
        this.secrets = List.copyOf(secrets);
        this.err = err;
        this.exit = exit;
    }

    /** Adds the check to an application about to run: {@code SpringApplication.run} stops there if it fails. */
    public void guard(SpringApplication application) {
        application.addListeners(this);
    }

    /**
     * Exits at once when the check fails: nothing has started yet (no pool, no port, no thread that would keep the
     * JVM alive), and the one line printed is all a person needs to fix it.
     */
    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        problem(event.getEnvironment()).ifPresent(problem -> {
            err.println(application + " will not start: " + problem);
            err.flush();
            exit.run();
        });
    }

    /** What is wrong with the environment's secrets, if anything. */
    public Optional<String> problem(Environment environment) {
        if (environment.acceptsProfiles(Profiles.of(LOCAL))) {
            return Optional.empty();
        }
        for (Secret secret : secrets) {
            String value = environment.getProperty(secret.property());
            boolean missing = value == null || value.isBlank();
            if (missing && secret.required()) {
                return Optional.of(secret.property() + " is not set; set it (environment variable "
                        + secret.environmentVariable() + "), or run the local system with the profile " + LOCAL);
            }
            if (!missing && value.equals(secret.developmentValue())) {
                return Optional.of(secret.property() + " holds the local system's published development value; set"
                        + " a secret of your own (environment variable " + secret.environmentVariable()
                        + "), or run the local system with the profile " + LOCAL);
            }
        }
        return Optional.empty();
    }
}
