package io.agentshop.commandside.api.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the shop when an approval's deadline passes; an order no longer waiting is left alone. */
public record ExpireOrderApprovalCommand(@TargetAggregateIdentifier String orderId) implements OrderCommand {
}
