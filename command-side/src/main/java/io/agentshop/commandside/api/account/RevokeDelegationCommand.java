package io.agentshop.commandside.api.account;

import io.agentshop.commandside.api.FreeText;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Takes an agent's delegation away; its next command is refused, whatever its token says. */
public record RevokeDelegationCommand(@TargetAggregateIdentifier String userId, String agentId, @FreeText String reason)
        implements AccountCommand {
}
