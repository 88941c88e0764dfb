package io.agentshop.commandside.api.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asked by the edge before it reads a user's data for an actor: reads change nothing, but the user's Account decides
 * who may see that data by the same rules it decides writes with, at this moment (a read-only account may be read).
 * Succeeds with no event; a refusal is recorded like any other.
 *
 * @param scope the scope the read needs, e.g. {@code orders:read}
 */
public record AuthorizeReadCommand(@TargetAggregateIdentifier String userId, String scope) implements AccountCommand {
}
