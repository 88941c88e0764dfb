package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.account.Limits;
import io.agentshop.commandside.api.order.OrderStatus;
import io.agentshop.commandside.api.order.PricedLine;
import io.agentshop.commandside.domain.Decision;
import io.agentshop.commandside.domain.order.Order;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Order placement decided as a value, without an aggregate, a catalog or a clock. */
class PlacementDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-30");
    private static final Limits LIMITS = new Limits(eur(50_00), eur(100_00), Set.of(), eur(30_00));

    @Test
    void withinTheLimitsAndBelowTheThresholdItIsConfirmedAndCountsTowardsTodaysSpend() {
        Decision<PlacementDecision> decision = PlacementDecision.forAgent(List.of(line(2, 10_00)), LIMITS,
                new DailySpend(TODAY, eur(15_00)), NOW);

        assertThat(decision).isEqualTo(Decision.allow(new PlacementDecision(eur(20_00), TODAY, eur(35_00),
                OrderStatus.CONFIRMED, null, null)));
    }

    @Test
    void aboveTheApprovalThresholdItWaitsForTheUserUntilTheWindowCloses() {
        PlacementDecision placement = PlacementDecision.forAgent(List.of(line(4, 10_00)), LIMITS, null, NOW)
                .orRefuse();

        assertThat(placement.status()).isEqualTo(OrderStatus.AWAITING_APPROVAL);
        assertThat(placement.approvalThreshold()).isEqualTo(eur(30_00));
        assertThat(placement.approvalDeadline()).isEqualTo(NOW.plus(Order.APPROVAL_WINDOW));
    }

    @Test
    void yesterdaysSpendDoesNotCountToday() {
        PlacementDecision placement = PlacementDecision.forAgent(List.of(line(1, 10_00)), LIMITS,
                new DailySpend(TODAY.minusDays(1), eur(99_00)), NOW).orRefuse();

        assertThat(placement.spentToday()).isEqualTo(eur(10_00));
    }

    @Test
    void eachBrokenLimitIsARefusalWithItsReason() {
        assertThat(PlacementDecision.forAgent(List.of(line(6, 10_00)), LIMITS, null, NOW))
                .isInstanceOfSatisfying(Decision.Refused.class, refused ->
                        assertThat(refused.reason()).isEqualTo(ReasonCode.LIMIT_ORDER_TOTAL));
        assertThat(PlacementDecision.forAgent(List.of(line(2, 10_00)), LIMITS, new DailySpend(TODAY, eur(90_00)), NOW))
                .isInstanceOfSatisfying(Decision.Refused.class, refused ->
                        assertThat(refused.reason()).isEqualTo(ReasonCode.LIMIT_DAILY_SPEND));
        assertThat(PlacementDecision.forAgent(List.of(line(1, 10_00)), LIMITS,
                new DailySpend(TODAY, Money.of(1_00, "USD")), NOW))
                .as("today's spend in another currency is not guessed at")
                .isInstanceOfSatisfying(Decision.Refused.class, refused ->
                        assertThat(refused.reason()).isEqualTo(ReasonCode.LIMIT_DAILY_SPEND));
    }

    @Test
    void aPersonOrderingForThemselvesHasNoLimits() {
        PlacementDecision placement = PlacementDecision.forPerson(List.of(line(50, 10_00)), NOW).orRefuse();

        assertThat(placement.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(placement.total()).isEqualTo(eur(500_00));
        assertThat(placement.approvalDeadline()).isNull();
    }

    private static PricedLine line(int quantity, long unitPrice) {
        return new PricedLine("MUG-LOGO", "Mug", "kitchen", quantity, eur(unitPrice), eur(unitPrice * quantity));
    }

    private static Money eur(long minorUnits) {
        return Money.of(minorUnits, "EUR");
    }
}
