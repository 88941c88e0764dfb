package io.agentshop.commandside.api.order;

public record OrderShipped(String orderId, String shippedBy) implements OrderEvent {
}
