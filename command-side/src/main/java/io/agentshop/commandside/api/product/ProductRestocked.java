package io.agentshop.commandside.api.product;

public record ProductRestocked(String sku, int quantity, int stock) implements ProductEvent {
}
