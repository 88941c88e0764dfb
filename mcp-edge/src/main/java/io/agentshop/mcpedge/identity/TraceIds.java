package io.agentshop.mcpedge.identity;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The W3C trace id of the call being handled: Micrometer Tracing continues the caller's {@code traceparent}, or begins
 * a trace when there is none, so every call has one. It goes into the Actor, and from there into every event, the
 * Kafka headers, the projections and the audit record: one trace id finds everything a call caused. The span's own
 * traceparent goes with each command, so the query side's spans of its events hang under the call's span.
 */
@Component
public class TraceIds {

    private final ObjectProvider<Tracer> tracer;

    public TraceIds(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    public String current() {
        Span span = currentSpan();
        return span == null ? null : span.context().traceId();
    }

    /** The W3C traceparent of the span handling the call: the parent of whatever the call's commands cause. */
    public String currentTraceparent() {
        Span span = currentSpan();
        if (span == null) {
            return null;
        }
        TraceContext context = span.context();
        return "00-" + context.traceId() + "-" + context.spanId() + "-"
                + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }

    private Span currentSpan() {
        Tracer current = tracer.getIfAvailable();
        return current == null ? null : current.currentSpan();
    }
}
