package io.agentshop.mcpedge.identity;

/** A valid token the shop cannot act on, such as one that names no user. */
public class UnusableTokenException extends RuntimeException {

    public UnusableTokenException(String message) {
        super(message, null, false, false);
    }
}
