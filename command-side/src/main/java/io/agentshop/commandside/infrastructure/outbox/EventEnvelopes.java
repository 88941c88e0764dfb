package io.agentshop.commandside.infrastructure.outbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRejected;
import io.agentshop.commandside.infrastructure.axon.MetaDataKeys;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.io.IOException;

/**
 * Writes the published event contract: one JSON envelope per event (see {@code event-contract/} in the repository).
 * The query side and outside analysts read this, never our Java classes.
 *
 * <p>The payload and the metadata go into the envelope as the event store holds them: the store's serializer wrote
 * them as the JSON of the event's record, so the relay copies that JSON token by token instead of deserializing each
 * event into its record only to serialize it again (that round trip was a tenth of the edge's CPU under load). The
 * copy is parsed as it goes, so a stored payload that is not JSON fails the batch, as its deserialization did. A
 * payload stored in an older version of its record is still read into the current record and written as that.
 */
public final class EventEnvelopes {

    /** Bumped only when the envelope itself changes incompatibly; each payload has its own schema version. */
    public static final int ENVELOPE_VERSION = 1;

    private final ObjectMapper json;
    private final Serializer storedAs;

    /** {@code storedAs}: the event store's serializer, which wrote the payloads and metadata this copies. */
    public EventEnvelopes(ObjectMapper json, Serializer storedAs) {
        this.json = json;
        this.storedAs = storedAs;
    }

    /** The envelope, with the Kafka key: the id of the aggregate the event is about (or the refused command's target). */
    public Envelope envelope(EventMessage<?> event, long globalPosition) {
        Class<?> payloadType = event.getPayloadType();
        int schemaVersion = schemaVersionOf(payloadType);
        byte[] payload = payloadOf(event, schemaVersion);
        JsonNode metaData = tree(event.serializeMetaData(storedAs, byte[].class).getData(), event, "metadata");
        String aggregateType;
        String aggregateId;
        Long sequence;
        if (payloadType == CommandRejected.class) {
            JsonNode rejected = tree(payload, event, "payload");
            aggregateType = textOf(rejected.path("targetType"));
            aggregateId = textOf(rejected.path("targetId"));
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
        String type = payloadType.getSimpleName();
        ByteArrayBuilder bytes = new ByteArrayBuilder(payload.length + 1024);
        try (JsonGenerator envelope = json.createGenerator(bytes)) {
            envelope.writeStartObject();
            envelope.writeNumberField("envelopeVersion", ENVELOPE_VERSION);
            envelope.writeStringField("eventId", event.getIdentifier());
            envelope.writeStringField("type", type);
            envelope.writeNumberField("schemaVersion", schemaVersion);
            envelope.writeStringField("aggregateType", aggregateType);
            envelope.writeStringField("aggregateId", aggregateId);
            if (sequence == null) {
                envelope.writeNullField("sequence");
            } else {
                envelope.writeNumberField("sequence", sequence);
            }
            envelope.writeNumberField("globalPosition", globalPosition);
            envelope.writeStringField("occurredAt", event.getTimestamp().toString());
            envelope.writeFieldName("actor");
            envelope.writeTree(metaData.get(Actor.METADATA_KEY));
            envelope.writeStringField("correlationId", textOf(metaData.path(MetaDataKeys.CORRELATION)));
            envelope.writeStringField("causationId", textOf(metaData.path(MetaDataKeys.CAUSATION)));
            envelope.writeFieldName("payload");
            try (JsonParser stored = json.createParser(payload)) {
                stored.nextToken();
                envelope.copyCurrentStructure(stored);
            }
            envelope.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("event " + event.getIdentifier() + " cannot be written as an envelope: "
                    + "its stored payload is not JSON", e);
        }
        return new Envelope(event.getIdentifier(), type, schemaVersion, aggregateId, bytes.toByteArray(),
                TraceParent.of(metaData).orElse(null));
    }

    static int schemaVersionOf(Class<?> payloadType) {
        Revision revision = payloadType.getAnnotation(Revision.class);
        return revision == null ? 1 : Integer.parseInt(revision.value());
    }

    /**
     * The payload's JSON as stored when it was stored in the current version of its record; a payload stored in an
     * older version (before a field was added, say) is read into the current record and written as that, so the
     * envelope's {@code schemaVersion} always describes its payload and readers get the newest version only.
     */
    private byte[] payloadOf(EventMessage<?> event, int schemaVersion) {
        SerializedObject<byte[]> stored = event.serializePayload(storedAs, byte[].class);
        String revision = stored.getType().getRevision();
        if (String.valueOf(schemaVersion).equals(revision) || (revision == null && schemaVersion == 1)) {
            return stored.getData();
        }
        try {
            return json.writeValueAsBytes(event.getPayload());
        } catch (IOException e) {
            throw new IllegalStateException("event " + event.getIdentifier() + " cannot be written as JSON", e);
        }
    }

    private JsonNode tree(byte[] stored, EventMessage<?> event, String what) {
        try {
            return json.readTree(stored);
        } catch (IOException e) {
            throw new IllegalStateException("event " + event.getIdentifier() + ": its stored " + what
                    + " is not JSON", e);
        }
    }

    /** A metadata value as the envelope's text: strings as they are, anything else as its JSON, absent as null. */
    private static String textOf(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    /**
     * An envelope ready for Kafka, and the {@code traceparent} its record carries: null when the event's Actor had no
     * W3C trace.
     */
    public record Envelope(String eventId, String type, int schemaVersion, String key, byte[] json,
                           String traceparent) {
    }
}
