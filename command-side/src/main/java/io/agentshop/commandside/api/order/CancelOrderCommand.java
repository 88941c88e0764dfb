package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Cancels an order before it ships (scope {@code orders:cancel}); its stock is released. */
public record CancelOrderCommand(@TargetAggregateIdentifier String orderId, String reason) implements ShopCommand {

    @Override
    public String targetType() {
        return "Order";
    }

    @Override
    public String targetId() {
        return orderId;
    }
}
