package io.agentshop.commandside.api.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Changes what an agent may spend. */
public record ChangeDelegationLimitsCommand(@TargetAggregateIdentifier String userId, String agentId, Limits limits)
        implements AccountCommand {
}
