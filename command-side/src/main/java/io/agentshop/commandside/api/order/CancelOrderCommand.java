package io.agentshop.commandside.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Cancels an order before it ships (scope {@code orders:cancel}); its stock is released. */
public record CancelOrderCommand(@TargetAggregateIdentifier String orderId, String reason) implements OrderCommand {
}
