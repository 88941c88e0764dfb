package io.agentshop.commandside.api.product;

import io.agentshop.commandside.api.Money;

public record ProductAdded(String sku, String name, String category, String family, String variant, Money price,
                           int stock) implements ProductEvent {
}
