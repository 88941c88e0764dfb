package io.agentshop.commandside.infrastructure.axon;

/** Metadata keys every event carries besides the Actor. */
public final class MetaDataKeys {

    /** The id of the message (command or event) that caused this one. */
    public static final String CAUSATION = "causationId";
    /** The id of the first message of the chain: the tool call's command. */
    public static final String CORRELATION = "correlationId";
    /**
     * The W3C traceparent of the span that sent the command (the edge's span of the tool call), so the Kafka record of
     * each event names that span as its parent and the query side's spans hang under the call in a trace viewer.
     */
    public static final String TRACEPARENT = "traceparent";

    private MetaDataKeys() {
    }
}
