package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.FreeText;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Cancels an order before it ships (scope {@code orders:cancel}); its stock is released. */
public record CancelOrderCommand(@TargetAggregateIdentifier String orderId, @FreeText String reason) implements OrderCommand {
}
