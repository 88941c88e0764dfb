package io.agentshop.queryside;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.infra.testsupport.TestStacks;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes envelopes as the command side's relay does (event-contract/), so query-side tests need no command side.
 */
public final class EventsOnKafka {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong POSITION = new AtomicLong(1_000);

    private EventsOnKafka() {
    }

    /** An envelope with a fresh event id; {@code payload} is the event record as JSON. */
    public static ObjectNode envelope(String type, String aggregateType, String aggregateId, long sequence,
                                      String userId, String agentId, String toolName, ObjectNode payload) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("envelopeVersion", 1);
        envelope.put("eventId", UUID.randomUUID().toString());
        envelope.put("type", type);
        envelope.put("schemaVersion", 1);
        envelope.put("aggregateType", aggregateType);
        envelope.put("aggregateId", aggregateId);
        if ("CommandRejected".equals(type)) {
            envelope.putNull("sequence");
        } else {
            envelope.put("sequence", sequence);
        }
        envelope.put("globalPosition", POSITION.incrementAndGet());
        envelope.put("occurredAt", Instant.now().toString());
        ObjectNode actor = envelope.putObject("actor");
        actor.put("userId", userId);
        actor.put("agentId", agentId);
        actor.putArray("actorChain");
        actor.putArray("scopes").add("orders:write");
        actor.putArray("roles").add("customer");
        actor.putObject("claims");
        actor.put("tokenId", "jti-1");
        actor.put("sessionId", "session-1");
        actor.put("toolName", toolName);
        actor.put("requestId", "request-1");
        actor.put("traceId", "trace-1");
        envelope.put("correlationId", UUID.randomUUID().toString());
        envelope.put("causationId", UUID.randomUUID().toString());
        envelope.set("payload", payload);
        return envelope;
    }

    public static ObjectNode payload(Map<String, ?> fields) {
        return JSON.valueToTree(fields);
    }

    /** Sends the envelopes (keyed by aggregate id) and waits for every acknowledgement. */
    public static void publish(String topic, List<ObjectNode> envelopes) {
        publish(topic, envelopes, Map.of());
    }

    /** As {@link #publish(String, List)}, every record with these headers (as the outbox sends traceparent). */
    public static void publish(String topic, List<ObjectNode> envelopes, Map<String, String> headers) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStacks.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            var sends = envelopes.stream().map(envelope -> {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic,
                        envelope.path("aggregateId").asText(), bytes(envelope));
                headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                return producer.send(record);
            }).toList();
            for (var send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not publish test events", e);
        }
    }

    /** Sends raw bytes as a record value (for malformed-record tests). */
    public static void publishRaw(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStacks.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a test record", e);
        }
    }

    /** The exact bytes {@link #publish} sends for this envelope. */
    public static byte[] bytes(ObjectNode envelope) {
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
