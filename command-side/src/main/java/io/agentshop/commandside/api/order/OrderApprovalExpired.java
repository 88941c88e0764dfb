package io.agentshop.commandside.api.order;

public record OrderApprovalExpired(String orderId) implements OrderEvent {
}
