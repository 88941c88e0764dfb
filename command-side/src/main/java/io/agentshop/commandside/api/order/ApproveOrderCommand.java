package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The user (never an agent) approves an order that waits for approval. */
public record ApproveOrderCommand(@TargetAggregateIdentifier String orderId) implements ShopCommand {

    @Override
    public String targetType() {
        return "Order";
    }

    @Override
    public String targetId() {
        return orderId;
    }
}
