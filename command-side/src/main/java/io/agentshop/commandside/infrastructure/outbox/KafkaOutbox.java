package io.agentshop.commandside.infrastructure.outbox;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The outbox relay: a tracking processor reads the event store in order and hands every event (and every
 * {@code CommandRejected}) to Kafka. Sends of one batch go out together; before the batch commits its token, every
 * one of them must be acknowledged ({@code acks=all}). A failure fails the batch, the token stays, and the processor
 * retries from where it was: events reach Kafka at least once, in order per aggregate, never skipped.
 */
@ProcessingGroup(KafkaOutbox.PROCESSING_GROUP)
public class KafkaOutbox {

    public static final String PROCESSING_GROUP = "kafka-outbox";

    private static final String PENDING = KafkaOutbox.class.getName() + ".pending";

    private final Supplier<Producer<String, byte[]>> producer;
    private final EventEnvelopes envelopes;
    private final String topic;
    private final Duration acknowledgementTimeout;
    private final Runnable onSendFailure;
    /** The global position of the last event Kafka acknowledged, for the lag gauge; -1 before the first. */
    private final AtomicLong acknowledged = new AtomicLong(-1);

    /**
     * @param producer      the current producer; after a failed batch {@code onSendFailure} may replace it
     * @param onSendFailure called when a batch could not be acknowledged (to renew the producer)
     */
    public KafkaOutbox(Supplier<Producer<String, byte[]>> producer, EventEnvelopes envelopes, String topic,
                       Duration acknowledgementTimeout, Runnable onSendFailure) {
        this.producer = producer;
        this.envelopes = envelopes;
        this.topic = topic;
        this.acknowledgementTimeout = acknowledgementTimeout;
        this.onSendFailure = onSendFailure;
    }

    @EventHandler
    void publish(EventMessage<?> event, TrackingToken token) {
        long position = token.position().orElse(-1L);
        EventEnvelopes.Envelope envelope = envelopes.envelope(event, position);
        List<Header> headers = new ArrayList<>(List.of(new RecordHeader("eventId", bytes(envelope.eventId())),
                new RecordHeader("eventType", bytes(envelope.type())),
                new RecordHeader("schemaVersion", bytes(Integer.toString(envelope.schemaVersion())))));
        if (envelope.traceparent() != null) {
            headers.add(new RecordHeader(TraceParent.HEADER, bytes(envelope.traceparent())));
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, envelope.key(), envelope.json(),
                headers);
        pendingSends().add(producer.get().send(record));
        pendingPositions().add(position);
    }

    /** The global position of the last event Kafka acknowledged (-1 before the first). */
    public long acknowledgedPosition() {
        return acknowledged.get();
    }

    private List<Long> pendingPositions() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING + ".positions", key -> {
            List<Long> positions = new ArrayList<>();
            batch.afterCommit(unitOfWork -> positions.stream().mapToLong(Long::longValue).max()
                    .ifPresent(highest -> acknowledged.accumulateAndGet(highest, Math::max)));
            return positions;
        });
    }

    /** The sends of the current batch; the batch may commit its token only once they are all acknowledged. */
    private List<Future<RecordMetadata>> pendingSends() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> awaitAcknowledgements(sends));
            return sends;
        });
    }

    private void awaitAcknowledgements(List<Future<RecordMetadata>> sends) {
        long deadline = System.nanoTime() + acknowledgementTimeout.toNanos();
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            onSendFailure.run();
            throw new OutboxPublishException("Kafka did not acknowledge a batch of " + sends.size()
                    + " events; the batch will be sent again", e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboxPublishException("interrupted while waiting for Kafka", e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** A batch that must not be marked as published. */
    public static final class OutboxPublishException extends RuntimeException {
        OutboxPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
