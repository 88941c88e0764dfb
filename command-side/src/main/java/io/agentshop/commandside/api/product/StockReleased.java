package io.agentshop.commandside.api.product;

public record StockReleased(String sku, String orderId, int quantity, int stock) implements ProductEvent {
}
