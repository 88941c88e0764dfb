package io.agentshop.commandside.api.account;

import io.agentshop.commandside.api.ShopCommand;

/** A command to one Account, named by its {@code userId}. */
public interface AccountCommand extends ShopCommand {

    String userId();

    @Override
    default String targetType() {
        return "Account";
    }

    @Override
    default String targetId() {
        return userId();
    }
}
