package io.agentshop.commandside.infrastructure.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRejected;
import io.agentshop.commandside.infrastructure.axon.MetaDataKeys;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Revision;

/**
 * Writes the published event contract: one JSON envelope per event (see {@code event-contract/} in the repository).
 * The query side and outside analysts read this, never our Java classes.
 */
public final class EventEnvelopes {

    /** Bumped only when the envelope itself changes incompatibly; each payload has its own schema version. */
    public static final int ENVELOPE_VERSION = 1;

    private final ObjectMapper json;

    public EventEnvelopes(ObjectMapper json) {
        this.json = json;
    }

    /** The envelope, with the Kafka key: the id of the aggregate the event is about (or the refused command's target). */
    public Envelope envelope(EventMessage<?> event, long globalPosition) {
        Object payload = event.getPayload();
        String aggregateType;
        String aggregateId;
        Long sequence;
        if (payload instanceof CommandRejected rejected) {
            aggregateType = rejected.targetType();
            aggregateId = rejected.targetId();
            sequence = null;
        } else if (event instanceof DomainEventMessage<?> domain && domain.getType() != null) {
            aggregateType = domain.getType();
            aggregateId = domain.getAggregateIdentifier();
            sequence = domain.getSequenceNumber();
        } else {
            aggregateType = null;
            aggregateId = event.getIdentifier();
            sequence = null;
        }
        String type = event.getPayloadType().getSimpleName();
        ObjectNode node = json.createObjectNode();
        node.put("envelopeVersion", ENVELOPE_VERSION);
        node.put("eventId", event.getIdentifier());
        node.put("type", type);
        node.put("schemaVersion", schemaVersionOf(event.getPayloadType()));
        node.put("aggregateType", aggregateType);
        node.put("aggregateId", aggregateId);
        if (sequence == null) {
            node.putNull("sequence");
        } else {
            node.put("sequence", sequence);
        }
        node.put("globalPosition", globalPosition);
        node.put("occurredAt", event.getTimestamp().toString());
        node.set("actor", json.valueToTree(event.getMetaData().get(Actor.METADATA_KEY)));
        node.put("correlationId", text(event.getMetaData().get(MetaDataKeys.CORRELATION)));
        node.put("causationId", text(event.getMetaData().get(MetaDataKeys.CAUSATION)));
        node.set("payload", json.valueToTree(payload));
        try {
            return new Envelope(event.getIdentifier(), type, schemaVersionOf(event.getPayloadType()), aggregateId,
                    json.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.getIdentifier() + " cannot be written as JSON", e);
        }
    }

    static int schemaVersionOf(Class<?> payloadType) {
        Revision revision = payloadType.getAnnotation(Revision.class);
        return revision == null ? 1 : Integer.parseInt(revision.value());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** An envelope ready for Kafka. */
    public record Envelope(String eventId, String type, int schemaVersion, String key, byte[] json) {
    }
}
