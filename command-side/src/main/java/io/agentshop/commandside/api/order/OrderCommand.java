package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.ShopCommand;

/** A command to one Order, named by its {@code orderId}. */
public interface OrderCommand extends ShopCommand {

    String orderId();

    @Override
    default String targetType() {
        return "Order";
    }

    @Override
    default String targetId() {
        return orderId();
    }
}
