package io.agentshop.commandside.api.account;

import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;


/** Changes what an agent may spend. */
public record ChangeDelegationLimitsCommand(@TargetAggregateIdentifier String userId, String agentId, Limits limits) implements ShopCommand {

    @Override
    public String targetType() {
        return "Account";
    }

    @Override
    public String targetId() {
        return userId;
    }
}
