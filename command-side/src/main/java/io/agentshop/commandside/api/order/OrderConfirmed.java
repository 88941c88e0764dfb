package io.agentshop.commandside.api.order;

public record OrderConfirmed(String orderId) implements OrderEvent {
}
