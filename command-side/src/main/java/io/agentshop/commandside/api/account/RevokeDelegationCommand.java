package io.agentshop.commandside.api.account;

import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;


/** Takes an agent's delegation away; its next command is refused, whatever its token says. */
public record RevokeDelegationCommand(@TargetAggregateIdentifier String userId, String agentId, String reason) implements ShopCommand {

    @Override
    public String targetType() {
        return "Account";
    }

    @Override
    public String targetId() {
        return userId;
    }
}
