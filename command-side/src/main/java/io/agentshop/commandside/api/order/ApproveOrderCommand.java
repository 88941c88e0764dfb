package io.agentshop.commandside.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The user (never an agent) approves an order that waits for approval. */
public record ApproveOrderCommand(@TargetAggregateIdentifier String orderId) implements OrderCommand {
}
