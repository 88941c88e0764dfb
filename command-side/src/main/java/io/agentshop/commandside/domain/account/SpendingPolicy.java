package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.account.Limits;
import io.agentshop.commandside.api.order.PricedLine;
import io.agentshop.commandside.domain.Decision;

import java.util.List;

/** Whether an order fits an agent's limits: currency, categories, the order total, and what it already spent today. */
final class SpendingPolicy {

    private SpendingPolicy() {
    }

    /** The order's total, or the first limit it breaks (or that its sum cannot be computed). */
    static Decision<Money> totalWithin(Limits limits, List<PricedLine> lines, Money spentToday) {
        for (PricedLine line : lines) {
            if (!line.unitPrice().currency().equals(limits.currency())) {
                return Decision.refuse(ReasonCode.INVALID_COMMAND, line.sku() + " is priced in "
                        + line.unitPrice().currency() + " but this agent's limits are in " + limits.currency()
                        + "; ask the user to set limits in " + line.unitPrice().currency());
            }
            if (!limits.allowsCategory(line.category())) {
                return Decision.refuse(ReasonCode.CATEGORY_NOT_ALLOWED, line.sku() + " is in category '"
                        + line.category() + "', which this agent may not order from; ask the user to allow it or"
                        + " choose another product");
            }
        }
        return totalOf(lines, limits.currency()).then(total -> {
            if (total.isGreaterThan(limits.maxOrderTotal())) {
                return Decision.refuse(ReasonCode.LIMIT_ORDER_TOTAL, "the order costs " + total.display()
                        + " but this agent may spend at most " + limits.maxOrderTotal().display()
                        + " per order; order less or ask the user to raise the limit");
            }
            Money after = add(spentToday, total);
            return Decision.when(after != null && !after.isGreaterThan(limits.dailySpend()), total,
                    ReasonCode.LIMIT_DAILY_SPEND, "the order costs " + total.display() + ", and with "
                            + spentToday.display() + " spent today this agent would pass its daily limit of "
                            + limits.dailySpend().display() + "; ask the user to raise the daily limit for this agent"
                            + " or wait until tomorrow (UTC)");
        });
    }

    /** The sum of the lines, all in one currency. */
    static Decision<Money> totalOf(List<PricedLine> lines, String currency) {
        Money total = Money.zero(currency);
        for (PricedLine line : lines) {
            if (!line.lineTotal().currency().equals(currency)) {
                return Decision.refuse(ReasonCode.INVALID_COMMAND, "an order is paid in one currency; " + line.sku()
                        + " is priced in " + line.lineTotal().currency() + ", other lines in " + currency
                        + "; order them separately");
            }
            total = add(total, line.lineTotal());
            if (total == null) {
                return Decision.refuse(ReasonCode.LIMIT_ORDER_TOTAL, "the order's total is too large to compute");
            }
        }
        return Decision.allow(total);
    }

    private static Money add(Money a, Money b) {
        try {
            return a.plus(b);
        } catch (ArithmeticException overflow) {
            return null;
        }
    }
}
