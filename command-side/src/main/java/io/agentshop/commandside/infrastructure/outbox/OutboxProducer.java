package io.agentshop.commandside.infrastructure.outbox;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The relay's Kafka producer: idempotent, {@code acks=all}. After a failed batch it is replaced, so a producer left
 * in an unknown state never sends the retry.
 */
public final class OutboxProducer implements Supplier<Producer<String, byte[]>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxProducer.class);

    private final Map<String, Object> config;
    private volatile Producer<String, byte[]> current;

    public OutboxProducer(String bootstrapServers, Duration deliveryTimeout) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "agentshop-outbox");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // With idempotence, up to five in-flight requests keep their order per partition.
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Kafka insists on delivery timeout >= linger + request timeout.
        int request = (int) Math.max(1_000, Math.min(deliveryTimeout.toMillis() / 2, 10_000));
        int delivery = (int) Math.max(deliveryTimeout.toMillis(), request + 2L);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery);
        this.config = Map.copyOf(settings);
    }

    @Override
    public synchronized Producer<String, byte[]> get() {
        if (current == null) {
            current = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        return current;
    }

    /** Drops the producer after a failed batch; the next batch gets a fresh one. */
    public synchronized void renew() {
        if (current != null) {
            log.warn("Kafka producer renewed after a failed batch");
            current.close(Duration.ZERO);
            current = null;
        }
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.close(Duration.ofSeconds(10));
            current = null;
        }
    }
}
