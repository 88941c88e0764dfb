package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.FreeText;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The user (never an agent) declines an order that waits for approval; its stock is released. */
public record DeclineOrderCommand(@TargetAggregateIdentifier String orderId, @FreeText String reason) implements OrderCommand {
}
