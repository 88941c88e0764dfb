package io.agentshop.commandside.infrastructure.outbox;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.infrastructure.axon.MetaDataKeys;
import org.axonframework.messaging.MetaData;

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

    /** The sender's traceparent when it is well formed and of the Actor's trace; else one made from the Actor's. */
    static Optional<String> of(MetaData metaData) {
        Actor actor = Actor.fromMetaData(metaData);
        if (actor != null && metaData.get(MetaDataKeys.TRACEPARENT) instanceof String sent) {
            Matcher parts = TRACEPARENT.matcher(sent);
            if (parts.matches() && parts.group(1).equals(actor.traceId()) && !parts.group(1).equals(NO_TRACE)
                    && !parts.group(2).equals(NO_SPAN)) {
                return Optional.of(sent);
            }
        }
        return of(actor);
    }

    static Optional<String> of(Actor actor) {
        if (actor == null || actor.traceId() == null || !TRACE_ID.matcher(actor.traceId()).matches()
                || actor.traceId().equals(NO_TRACE)) {
            return Optional.empty();
        }
        byte[] spanId = new byte[8];
        RANDOM.nextBytes(spanId);
        return Optional.of("00-" + actor.traceId() + "-" + HexFormat.of().formatHex(spanId) + "-01");
    }
}
