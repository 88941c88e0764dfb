package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.domain.Decision;

import java.time.LocalDate;

/** What one agent has spent on one UTC day; a new day starts from zero. */
record DailySpend(LocalDate day, Money spent) {

    /** Nothing spent yet today, in the limits' currency. */
    static Decision<Money> none(String currency) {
        return Decision.allow(Money.zero(currency));
    }

    /** What was spent on {@code today}; a spend in another currency (the limits changed today) is refused, not guessed. */
    Decision<Money> spentOn(LocalDate today, String currency) {
        if (!day.equals(today)) {
            return none(currency);
        }
        return Decision.when(spent.currency().equals(currency), spent, ReasonCode.LIMIT_DAILY_SPEND,
                "today's spend is in " + spent.currency() + " but the limits are now in " + currency
                        + "; orders resume tomorrow (UTC)");
    }
}
