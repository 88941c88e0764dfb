package io.agentshop.commandside.api.product;

public record StockReserved(String sku, String orderId, int quantity, int stock) implements ProductEvent {
}
