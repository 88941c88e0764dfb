package io.agentshop.commandside.api.account;

import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;


/** Sets the account's mode; admins only, always with a reason. */
public record ChangeAccountModeCommand(@TargetAggregateIdentifier String userId, Mode mode, String reason) implements ShopCommand {

    @Override
    public String targetType() {
        return "Account";
    }

    @Override
    public String targetId() {
        return userId;
    }
}
