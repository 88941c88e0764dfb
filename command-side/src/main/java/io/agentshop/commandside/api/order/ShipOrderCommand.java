package io.agentshop.commandside.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Fulfilment (or an admin) ships a confirmed or approved order. */
public record ShipOrderCommand(@TargetAggregateIdentifier String orderId) implements OrderCommand {
}
