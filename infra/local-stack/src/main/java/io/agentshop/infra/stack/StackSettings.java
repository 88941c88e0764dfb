package io.agentshop.infra.stack;

import java.nio.file.Path;

/**
 * Where the local stack keeps its data and which ports it listens on.
 *
 * @param dataDirectory       parent of {@code postgres/} and {@code kafka/}; kept across runs
 * @param postgresPort        PostgreSQL's port on 127.0.0.1
 * @param kafkaPort           Kafka's client port on 127.0.0.1
 * @param kafkaControllerPort the KRaft controller's port on 127.0.0.1
 * @param eventsTopic         the topic the outbox relay publishes every event to
 * @param partitions          partitions of the events topic when it is created
 * @param rolePassword        password of every database role (local use only)
 */
public record StackSettings(Path dataDirectory, int postgresPort, int kafkaPort, int kafkaControllerPort,
                            String eventsTopic, int partitions, String rolePassword) {

    public static final int DEFAULT_POSTGRES_PORT = 15432;
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final String DEFAULT_EVENTS_TOPIC = "agentshop.events";
    public static final int DEFAULT_PARTITIONS = 6;
    public static final String DEFAULT_ROLE_PASSWORD = "agentshop-local";

    public StackSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        for (int port : new int[]{postgresPort, kafkaPort, kafkaControllerPort}) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("not a TCP port: " + port);
            }
        }
    }

    public static StackSettings defaults(Path dataDirectory) {
        return new StackSettings(dataDirectory, DEFAULT_POSTGRES_PORT, DEFAULT_KAFKA_PORT, DEFAULT_KAFKA_PORT + 1,
                DEFAULT_EVENTS_TOPIC, DEFAULT_PARTITIONS, DEFAULT_ROLE_PASSWORD);
    }
}
