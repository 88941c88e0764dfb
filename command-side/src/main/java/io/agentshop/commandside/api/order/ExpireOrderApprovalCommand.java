package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the shop when an approval's deadline passes; an order no longer waiting is left alone. */
public record ExpireOrderApprovalCommand(@TargetAggregateIdentifier String orderId) implements ShopCommand {

    @Override
    public String targetType() {
        return "Order";
    }

    @Override
    public String targetId() {
        return orderId;
    }
}
