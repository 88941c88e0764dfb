package io.agentshop.infra.stack;

import java.util.List;

/**
 * The infrastructure of the local system, started in dependency order: PostgreSQL, the databases and roles of
 * each concern (events, read models, audit), the Kafka node, the events topic. Closing stops them in reverse.
 */
public final class LocalStack implements AutoCloseable {

    public static final List<Database> DATABASES = List.of(Database.EVENTS, Database.READ_MODELS, Database.AUDIT);

    private final StackSettings settings;
    private final PostgresServer postgres;
    private final DatabaseProvisioner provisioner;
    private final KafkaBroker kafka;

    private LocalStack(StackSettings settings, PostgresServer postgres, DatabaseProvisioner provisioner,
                       KafkaBroker kafka) {
        this.settings = settings;
        this.postgres = postgres;
        this.provisioner = provisioner;
        this.kafka = kafka;
    }

    /** Starts everything or nothing: on a failure, what had started is stopped before the exception leaves. */
    public static LocalStack start(StackSettings settings) {
        // Check every port first, so a clash is reported before anything was started.
        Ports.requireFree("PostgreSQL", settings.postgresPort());
        Ports.requireFree("Kafka", settings.kafkaPort());
        Ports.requireFree("Kafka controller", settings.kafkaControllerPort());
        PostgresServer postgres = PostgresServer.start(settings.dataDirectory().resolve("postgres"),
                settings.postgresPort(), PostgresServer.Durability.DURABLE);
        try {
            DatabaseProvisioner provisioner = new DatabaseProvisioner(postgres.superuser(), settings.rolePassword());
            DATABASES.forEach(provisioner::ensure);
            KafkaBroker kafka = KafkaBroker.start(settings.dataDirectory().resolve("kafka"), settings.kafkaPort(),
                    settings.kafkaControllerPort(), settings.partitions());
            try {
                KafkaTopics.ensure(kafka.bootstrapServers(), settings.eventsTopic(), settings.partitions());
                return new LocalStack(settings, postgres, provisioner, kafka);
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** The owner's login: what migrations use. */
    public DatabaseLogin ownerLogin(Database database) {
        return provisioner.ownerLogin(database);
    }

    /** The login the application runs with. */
    public DatabaseLogin appLogin(Database database) {
        return provisioner.appLogin(database);
    }

    public DatabaseLogin superuser() {
        return postgres.superuser();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public StackSettings settings() {
        return settings;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
