package io.agentshop.queryside.events;

/** A record value that is not a usable envelope: it goes to the dead letters with this reason. */
public final class MalformedEnvelopeException extends Exception {

    public MalformedEnvelopeException(String reason) {
        super(reason, null, false, false);
    }
}
