package io.agentshop.queryside.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One event as the published contract describes it ({@code event-contract/envelope.schema.json}): the query side's
 * only view of the command side. A tolerant reader: fields it does not know are ignored. Every text of it is
 * {@link Storable}, so no projection fails on a NUL or half a surrogate pair an event carries.
 *
 * @param raw the record value exactly as it arrived, for the audit store and for exports
 */
public record Envelope(String eventId, String type, int schemaVersion, String aggregateType, String aggregateId,
                       Long sequence, long globalPosition, Instant occurredAt, JsonNode actor, String correlationId,
                       String causationId, JsonNode payload, byte[] raw) {

    /** Reads a record value; a value that is not a usable envelope fails with the reason, for the dead letters. */
    public static Envelope parse(byte[] value, ObjectMapper json) throws MalformedEnvelopeException {
        if (value == null) {
            throw new MalformedEnvelopeException("empty record value");
        }
        JsonNode node;
        try {
            node = Storable.json(json.readTree(value));
        } catch (IOException e) {
            throw new MalformedEnvelopeException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEnvelopeException("not a JSON object");
        }
        String eventId = text(node, "eventId");
        String type = text(node, "type");
        if (eventId == null || eventId.isBlank() || type == null || type.isBlank()) {
            throw new MalformedEnvelopeException("eventId and type are required");
        }
        if (!node.path("payload").isObject()) {
            throw new MalformedEnvelopeException("payload must be an object");
        }
        Instant occurredAt;
        try {
            occurredAt = Instant.parse(node.path("occurredAt").asText());
        } catch (DateTimeParseException e) {
            throw new MalformedEnvelopeException("occurredAt is not an ISO-8601 instant");
        }
        JsonNode sequence = node.path("sequence");
        JsonNode actor = node.path("actor");
        return new Envelope(eventId, type, node.path("schemaVersion").asInt(1), text(node, "aggregateType"),
                text(node, "aggregateId"), sequence.isIntegralNumber() ? sequence.asLong() : null,
                node.path("globalPosition").asLong(-1), occurredAt, actor.isObject() ? actor : null,
                text(node, "correlationId"), text(node, "causationId"), node.path("payload"), value);
    }

    /** The user the event was for, or {@code null}. */
    public String userId() {
        return actor == null ? null : text(actor, "userId");
    }

    /** The agent that acted, or {@code null} when the person acted directly. */
    public String agentId() {
        return actor == null ? null : text(actor, "agentId");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
