package io.agentshop.commandside.infrastructure.axon;

/** Metadata keys every event carries besides the Actor. */
public final class MetaDataKeys {

    /** The id of the message (command or event) that caused this one. */
    public static final String CAUSATION = "causationId";
    /** The id of the first message of the chain: the tool call's command. */
    public static final String CORRELATION = "correlationId";

    private MetaDataKeys() {
    }
}
