package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.ReasonCode;

import java.time.LocalDate;

import static io.agentshop.commandside.domain.Refusals.require;

/** What one agent has spent on one UTC day; a new day starts from zero. */
record DailySpend(LocalDate day, Money spent) {

    /** A spend in another currency (the limits changed currency today) is refused rather than guessed at. */
    Money spentOn(LocalDate today, String currency) {
        if (!day.equals(today)) {
            return Money.zero(currency);
        }
        require(spent.currency().equals(currency), ReasonCode.LIMIT_DAILY_SPEND,
                "today's spend is in " + spent.currency() + " but the limits are now in " + currency
                        + "; orders resume tomorrow (UTC)");
        return spent;
    }
}
