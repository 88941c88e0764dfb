package io.agentshop.commandside.api.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens the account of a user (the shop, an admin, or the identity provider on first sign-in). */
public record OpenAccountCommand(@TargetAggregateIdentifier String userId) implements AccountCommand {
}
