package io.agentshop.commandside.api.account;

import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.order.OrderStatus;

import java.time.LocalDate;

/**
 * The Account let an agent place an order: it counts against the agent's daily spend and remembers the idempotency
 * key, so a retry returns the same order.
 *
 * @param fingerprint the order's lines in a canonical form, to tell a retry from a different order under the same key
 * @param status      {@code CONFIRMED}, or {@code AWAITING_APPROVAL} above the agent's approval threshold
 * @param spendDay    the UTC day the spend counts for
 * @param spentToday  the agent's spend on that day, this order included
 */
public record OrderAuthorized(String userId, String agentId, String orderId, Money total, String idempotencyKey,
                              String fingerprint, OrderStatus status, LocalDate spendDay, Money spentToday) implements AccountEvent {
}
