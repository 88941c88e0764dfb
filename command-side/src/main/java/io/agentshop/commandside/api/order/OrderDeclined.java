package io.agentshop.commandside.api.order;

public record OrderDeclined(String orderId, String declinedBy, String reason) implements OrderEvent {
}
