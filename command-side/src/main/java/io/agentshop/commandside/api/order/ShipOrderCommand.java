package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Fulfilment (or an admin) ships a confirmed or approved order. */
public record ShipOrderCommand(@TargetAggregateIdentifier String orderId) implements ShopCommand {

    @Override
    public String targetType() {
        return "Order";
    }

    @Override
    public String targetId() {
        return orderId;
    }
}
