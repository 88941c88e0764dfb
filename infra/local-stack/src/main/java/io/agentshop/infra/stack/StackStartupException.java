package io.agentshop.infra.stack;

/**
 * A start-up problem a person can fix, with a message meant to be printed as one line (no stack trace):
 * a taken port, a data directory from another PostgreSQL major version, a server left running.
 */
public final class StackStartupException extends RuntimeException {

    public StackStartupException(String message) {
        super(message);
    }

    public StackStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
