package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The user (never an agent) declines an order that waits for approval; its stock is released. */
public record DeclineOrderCommand(@TargetAggregateIdentifier String orderId, String reason) implements ShopCommand {

    @Override
    public String targetType() {
        return "Order";
    }

    @Override
    public String targetId() {
        return orderId;
    }
}
