package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.account.Limits;
import io.agentshop.commandside.api.order.OrderStatus;
import io.agentshop.commandside.api.order.PricedLine;
import io.agentshop.commandside.domain.Decision;
import io.agentshop.commandside.domain.order.Order;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What placing an order comes to, decided from the priced lines and, for an agent, its limits and what it spent today:
 * the total, the agent's spend after it, whether the order is confirmed or waits for the user's approval (above the
 * approval threshold) and until when. Pure: the Account applies it (the event, the Order, the deadline); a person
 * ordering for themselves has no limits.
 *
 * @param approvalThreshold the threshold the order is above, null when it needs no approval
 * @param approvalDeadline  when an order awaiting approval expires, null when it needs no approval
 */
record PlacementDecision(Money total, LocalDate day, Money spentToday, OrderStatus status, Money approvalThreshold,
                         Instant approvalDeadline) {

    /** For an agent acting under {@code limits}, having spent {@code spend} on its last day of orders (null if never). */
    static Decision<PlacementDecision> forAgent(List<PricedLine> lines, Limits limits, DailySpend spend, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Decision<Money> before = spend == null ? DailySpend.none(limits.currency())
                : spend.spentOn(today, limits.currency());
        return before.then(spent -> SpendingPolicy.totalWithin(limits, lines, spent).map(total -> {
            boolean needsApproval = total.isGreaterThan(limits.approvalThreshold());
            return new PlacementDecision(total, today, spent.plus(total),
                    needsApproval ? OrderStatus.AWAITING_APPROVAL : OrderStatus.CONFIRMED,
                    needsApproval ? limits.approvalThreshold() : null,
                    needsApproval ? now.plus(Order.APPROVAL_WINDOW) : null);
        }));
    }

    /** For a person ordering for themselves: confirmed at once, no limits. */
    static Decision<PlacementDecision> forPerson(List<PricedLine> lines, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return SpendingPolicy.totalOf(lines, lines.get(0).unitPrice().currency()).map(total ->
                new PlacementDecision(total, today, total, OrderStatus.CONFIRMED, null, null));
    }

    boolean needsApproval() {
        return status == OrderStatus.AWAITING_APPROVAL;
    }
}
