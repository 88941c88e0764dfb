package io.agentshop.mcpedge.identity;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The W3C trace id of the call being handled: Micrometer Tracing continues the caller's {@code traceparent}, or begins
 * a trace when there is none, so every call has one. It goes into the Actor, and from there into every event, the
 * Kafka headers, the projections and the audit record: one trace id finds everything a call caused.
 */
@Component
public class TraceIds {

    private final ObjectProvider<Tracer> tracer;

    public TraceIds(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    public String current() {
        Tracer current = tracer.getIfAvailable();
        Span span = current == null ? null : current.currentSpan();
        return span == null ? null : span.context().traceId();
    }
}
