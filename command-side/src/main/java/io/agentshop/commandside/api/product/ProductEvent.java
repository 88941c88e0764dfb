package io.agentshop.commandside.api.product;

/** Everything that happens to a Product; {@code stock} is always the stock after the event. */
public sealed interface ProductEvent permits ProductAdded, ProductRestocked, StockReserved, StockReleased {

    String sku();
}
