package io.agentshop.console;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a person types into a limit becomes minor units, or a sentence saying what is wrong with it. */
class AmountsTest {

    @Test
    void amountsAsPeopleTypeThem() {
        assertThat(Amounts.money("Largest order", "12.50", "EUR")).isEqualTo(Map.of("minorUnits", 1250L, "currency", "EUR"));
        assertThat(Amounts.money("Largest order", " 7 ", "EUR")).containsEntry("minorUnits", 700L);
        assertThat(Amounts.money("Largest order", "0", "EUR")).containsEntry("minorUnits", 0L);
    }

    @Test
    void whatIsNotAnAmountIsSaidAndNamed() {
        for (String typed : new String[] {"", "abc", "12,50", "1.234", "-1", "1000000.01", "12.5\u0000", "NaN"}) {
            assertThatThrownBy(() -> Amounts.money("Spend a day", typed, "EUR")).as(typed)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Spend a day ");
        }
    }
}
