package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.Money;

/** An order line as the catalog priced it at the moment of placement. */
public record PricedLine(String sku, String name, String category, int quantity, Money unitPrice, Money lineTotal) {
}
