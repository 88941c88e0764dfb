package io.agentshop.commandside.api.account;

import io.agentshop.commandside.api.Money;

import java.util.Objects;
import java.util.Set;

/**
 * What one agent may spend for one user.
 *
 * @param maxOrderTotal      no single order may cost more
 * @param dailySpend         orders placed in one UTC day may not cost more together
 * @param allowedCategories  product categories the agent may order from; empty means every category
 * @param approvalThreshold  an order costing more waits for the user's approval
 */
public record Limits(Money maxOrderTotal, Money dailySpend, Set<String> allowedCategories, Money approvalThreshold) {

    public static final String DEFAULT_CURRENCY = "EUR";

    public Limits {
        Objects.requireNonNull(maxOrderTotal, "maxOrderTotal");
        Objects.requireNonNull(dailySpend, "dailySpend");
        Objects.requireNonNull(approvalThreshold, "approvalThreshold");
        allowedCategories = allowedCategories == null ? Set.of() : Set.copyOf(allowedCategories);
        if (!maxOrderTotal.currency().equals(dailySpend.currency())
                || !maxOrderTotal.currency().equals(approvalThreshold.currency())) {
            throw new IllegalArgumentException("limits must share one currency");
        }
    }

    /** What an agent gets when the user did not say otherwise: 100 per order, 200 a day, approval above 50. */
    public static Limits defaults() {
        return new Limits(Money.of(100_00, DEFAULT_CURRENCY), Money.of(200_00, DEFAULT_CURRENCY), Set.of(),
                Money.of(50_00, DEFAULT_CURRENCY));
    }

    public boolean allowsCategory(String category) {
        return allowedCategories.isEmpty() || allowedCategories.contains(category);
    }

    public String currency() {
        return maxOrderTotal.currency();
    }
}
