package io.agentshop.commandside.api.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets the account's mode; admins only, always with a reason. */
public record ChangeAccountModeCommand(@TargetAggregateIdentifier String userId, Mode mode, String reason)
        implements AccountCommand {
}
