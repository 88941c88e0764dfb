package io.agentshop.commandside.api.order;

public record OrderApproved(String orderId, String approvedBy) implements OrderEvent {
}
