package io.agentshop.commandside.api;

/**
 * The one door into the command side for whatever hosts it: send a command as an Actor and wait for its result, and
 * ask where an aggregate's last stored event sits, to read one's own write from the query side. Nothing of the
 * command side's storage or messaging shows through it.
 */
public interface CommandSide {

    /**
     * Runs the command for {@code actor} on the caller's thread and answers its result; a refusal is thrown as
     * {@link CommandRefusedException} (and was recorded). {@code traceparent} (W3C, may be null) joins the command and
     * its events to the caller's trace.
     */
    <R> R send(ShopCommand command, Actor actor, String traceparent);

    /**
     * The global position of the aggregate's last stored event, 0 when it has none: the consistency token a caller
     * hands to the query side ({@code minPosition}) to read its own write. Asked after a command returned, it covers
     * everything that command stored.
     */
    long storedPosition(String aggregateId);
}
