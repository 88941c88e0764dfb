package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.Money;

import java.time.LocalDate;

/** What one agent has spent on one UTC day; a new day starts from zero. */
record DailySpend(LocalDate day, Money spent) {

    Money spentOn(LocalDate today, String currency) {
        return day.equals(today) ? spent : Money.zero(currency);
    }
}
