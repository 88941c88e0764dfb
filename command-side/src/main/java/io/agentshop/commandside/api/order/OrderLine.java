package io.agentshop.commandside.api.order;

/** What the caller asks for: a SKU and how many. The price is never the caller's to say. */
public record OrderLine(String sku, int quantity) {
}
