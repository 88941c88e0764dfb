package io.agentshop.commandside.api.product;

import io.agentshop.commandside.api.InternalCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives an order's stock back when it is cancelled, declined or expires. */
public record ReleaseStockCommand(@TargetAggregateIdentifier String sku, String orderId, int quantity)
        implements ProductCommand, InternalCommand {
}
