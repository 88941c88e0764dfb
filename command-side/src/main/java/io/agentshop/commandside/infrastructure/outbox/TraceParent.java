package io.agentshop.commandside.infrastructure.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.infrastructure.axon.MetaDataKeys;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The W3C {@code traceparent} of a published event: the trace of the tool call that caused it. Its parent is the
 * span that sent the command (the edge puts that span's traceparent in the command's metadata, and every event
 * carries it on), so a consumer's span hangs under the tool call. An event without one (a deadline's, say) gets the
 * Actor's trace id with a span id of its own.
 */
final class TraceParent {

    static final String HEADER = "traceparent";
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final String NO_TRACE = "0".repeat(32);
    private static final String NO_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceParent() {
    }

    /**
     * From an event's metadata as it is stored (a JSON object): the sender's traceparent when it is well formed and of
     * the Actor's trace; else one made from the Actor's trace id; none without an Actor.
     */
    static Optional<String> of(JsonNode metaData) {
        JsonNode actor = metaData.path(Actor.METADATA_KEY);
        if (!actor.path("userId").isTextual() || actor.path("userId").asText().isBlank()) {
            return Optional.empty(); // what Actor.fromMetaData takes for no Actor
        }
        String traceId = actor.path("traceId").isTextual() ? actor.path("traceId").asText() : null;
        JsonNode sent = metaData.path(MetaDataKeys.TRACEPARENT);
        if (traceId != null && sent.isTextual()) {
            Matcher parts = TRACEPARENT.matcher(sent.asText());
            if (parts.matches() && parts.group(1).equals(traceId) && !parts.group(1).equals(NO_TRACE)
                    && !parts.group(2).equals(NO_SPAN)) {
                return Optional.of(sent.asText());
            }
        }
        return ofTrace(traceId);
    }

    /** A traceparent of the trace with a span id of its own; none when the trace id is not a W3C one. */
    private static Optional<String> ofTrace(String traceId) {
        if (traceId == null || !TRACE_ID.matcher(traceId).matches() || traceId.equals(NO_TRACE)) {
            return Optional.empty();
        }
        byte[] spanId = new byte[8];
        RANDOM.nextBytes(spanId);
        return Optional.of("00-" + traceId + "-" + HexFormat.of().formatHex(spanId) + "-01");
    }
}
