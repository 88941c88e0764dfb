package io.agentshop.mcpedge.identity;

/** The command side did not answer in time; the command may still complete (an idempotent retry is safe). */
public class CommandTimeoutException extends RuntimeException {

    public CommandTimeoutException(String message) {
        super(message, null, false, false);
    }
}
