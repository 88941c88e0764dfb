package io.agentshop.commandside.api.product;

import io.agentshop.commandside.api.InternalCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Takes stock for an order; refused rather than going below zero. Sent within placement, never alone. */
public record ReserveStockCommand(@TargetAggregateIdentifier String sku, String orderId, int quantity)
        implements ProductCommand, InternalCommand {
}
