package io.agentshop.commandside.api.account;

import io.agentshop.commandside.api.FreeText;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets the account's mode; admins only, always with a reason. */
public record ChangeAccountModeCommand(@TargetAggregateIdentifier String userId, Mode mode, @FreeText String reason)
        implements AccountCommand {
}
