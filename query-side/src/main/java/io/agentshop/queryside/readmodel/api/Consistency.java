package io.agentshop.queryside.readmodel.api;

/**
 * How fresh an answer is.
 *
 * @param requestedPosition the position the caller asked for (null when it did not)
 * @param position          the position of the row that answered
 * @param stale             true when the row had not reached the requested position within the wait
 */
public record Consistency(Long requestedPosition, long position, boolean stale) {

    static Consistency of(Long requested, long position) {
        return new Consistency(requested, position, requested != null && position < requested);
    }
}
