package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.Money;

/**
 * The answer to a placement.
 *
 * @param replayed true when the idempotency key had been used for the same order before: nothing new was placed
 */
public record PlacedOrder(String orderId, OrderStatus status, Money total, boolean replayed) {
}
