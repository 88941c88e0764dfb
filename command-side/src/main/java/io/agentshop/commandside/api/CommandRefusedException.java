package io.agentshop.commandside.api;

/** A command the domain refuses: a reason code and a sentence that says what to do next. Nothing was changed. */
public final class CommandRefusedException extends RuntimeException {

    private final ReasonCode reason;

    public CommandRefusedException(ReasonCode reason, String sentence) {
        super(sentence, null, false, false);
        this.reason = reason;
    }

    public ReasonCode reason() {
        return reason;
    }

    public String sentence() {
        return getMessage();
    }

    @Override
    public String toString() {
        return reason + ": " + getMessage();
    }
}
