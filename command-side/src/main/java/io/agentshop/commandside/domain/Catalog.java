package io.agentshop.commandside.domain;

import io.agentshop.commandside.api.order.PricedLine;

/**
 * The catalog as the write model sees it while deciding: prices come from here, never from the caller, and stock is
 * taken and given back through it, in the same transaction as the decision.
 */
public interface Catalog {

    /** The line priced as the catalog stands; refused with {@code UNKNOWN_SKU} for a SKU it does not know. */
    PricedLine price(String sku, int quantity);

    /** Takes stock for an order; refused with {@code OUT_OF_STOCK} rather than going below zero. */
    void reserve(String orderId, String sku, int quantity);

    /** Gives back what {@link #reserve} took for the order. */
    void release(String orderId, String sku, int quantity);
}
