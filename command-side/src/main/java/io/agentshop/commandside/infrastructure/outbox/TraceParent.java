package io.agentshop.commandside.infrastructure.outbox;

import io.agentshop.commandside.api.Actor;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C {@code traceparent} of a published event: the trace of the tool call that caused it (the Actor's trace
 * id), with a span id of its own for the publish, so a consumer can join the same trace.
 */
final class TraceParent {

    static final String HEADER = "traceparent";
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceParent() {
    }

    static Optional<String> of(Actor actor) {
        if (actor == null || actor.traceId() == null || !TRACE_ID.matcher(actor.traceId()).matches()
                || actor.traceId().equals("0".repeat(32))) {
            return Optional.empty();
        }
        byte[] spanId = new byte[8];
        RANDOM.nextBytes(spanId);
        return Optional.of("00-" + actor.traceId() + "-" + HexFormat.of().formatHex(spanId) + "-01");
    }
}
