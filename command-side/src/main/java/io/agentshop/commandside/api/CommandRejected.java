package io.agentshop.commandside.api;

/**
 * The record of a refused command, stored in the event store outside the refused command's transaction, so refusals
 * reach the audit store by the same road as events. The Actor is in the metadata, as for every event.
 *
 * @param commandType the command's simple name, e.g. {@code PlaceOrderCommand}
 * @param targetType  the aggregate type the command was for
 * @param targetId    the aggregate id the command was for
 * @param reason      the reason code
 * @param sentence    the explanation given to the caller
 */
public record CommandRejected(String commandType, String targetType, String targetId, ReasonCode reason,
                              String sentence) {
}
