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
 * @param brokers             Kafka nodes: 1, or a cluster (3: the events topic replicated three times, two in sync),
 *                            node {@code i} (from 0) on {@code kafkaPort + 2i} and {@code kafkaControllerPort + 2i}
 */
public record StackSettings(Path dataDirectory, int postgresPort, int kafkaPort, int kafkaControllerPort,
                            String eventsTopic, int partitions, String rolePassword, int brokers) {

    public static final int DEFAULT_POSTGRES_PORT = 15432;
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final String DEFAULT_EVENTS_TOPIC = "agentshop.events";
    public static final int DEFAULT_PARTITIONS = 6;
    public static final String DEFAULT_ROLE_PASSWORD = "agentshop-local";

    public StackSettings {
        if (brokers < 1 || brokers > 5) {
            throw new IllegalArgumentException("brokers must be between 1 and 5, was " + brokers);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        for (int port : new int[]{postgresPort, kafkaPort, kafkaControllerPort}) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("not a TCP port: " + port);
            }
        }
    }

    /** Kafka node {@code index} (from 0): its client port. */
    public int kafkaPort(int index) {
        return kafkaPort + 2 * index;
    }

    /** Kafka node {@code index} (from 0): its controller port. */
    public int kafkaControllerPort(int index) {
        return kafkaControllerPort + 2 * index;
    }

    public static StackSettings defaults(Path dataDirectory) {
        return new StackSettings(dataDirectory, DEFAULT_POSTGRES_PORT, DEFAULT_KAFKA_PORT, DEFAULT_KAFKA_PORT + 1,
                DEFAULT_EVENTS_TOPIC, DEFAULT_PARTITIONS, DEFAULT_ROLE_PASSWORD, 1);
    }
}
