package io.agentshop.commandside.api.order;

public record OrderCancelled(String orderId, String cancelledBy, String reason) implements OrderEvent {
}
