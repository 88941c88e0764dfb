package io.agentshop.queryside.audit.witness;

import java.time.Instant;

/**
 * Where the audit log stands with its witness: {@code cosignedSize} records witnessed, the newest checkpoint covering
 * {@code newestSize}; when the witness refused, {@code detail} says why.
 */
public record WitnessStatus(State state, long cosignedSize, long newestSize, String detail, Instant at) {

    public enum State {
        /** Nothing submitted yet (no checkpoint, or the node just started). */
        NOT_YET,
        COSIGNED,
        /** The witness did not answer; the newest checkpoint waits. */
        UNREACHABLE,
        /** The witness refused the newest checkpoint: the history it saw was not extended. */
        REFUSED
    }

    static WitnessStatus notYet() {
        return new WitnessStatus(State.NOT_YET, 0, 0, null, null);
    }

    static WitnessStatus cosigned(long size, Instant at) {
        return new WitnessStatus(State.COSIGNED, size, size, null, at);
    }

    static WitnessStatus refused(long cosigned, long newest, String reason, Instant at) {
        return new WitnessStatus(State.REFUSED, cosigned, newest, reason, at);
    }

    WitnessStatus unreachable(long newest, String why, Instant now) {
        return new WitnessStatus(State.UNREACHABLE, cosignedSize, newest, why, now);
    }

    /** Records of the newest checkpoint not yet cosigned. */
    public double behind() {
        return Math.max(0, newestSize - cosignedSize);
    }
}
