package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.account.Limits;
import io.agentshop.commandside.api.order.PricedLine;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Money never wraps around: a sum or product is exact or refused. And the spending policy lets an order through
 * exactly when it fits the agent's limits, whatever the amounts.
 */
class MoneyProperties {

    private static final String EUR = "EUR";
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final List<String> CATEGORIES = List.of("kitchen", "apparel", "home");

    @Property
    void aSumIsExactOrThrows(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long a,
                             @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long b) {
        BigInteger exact = BigInteger.valueOf(a).add(BigInteger.valueOf(b));
        boolean fits = exact.compareTo(LONG_MAX) <= 0;
        Statistics.label("sum").collect(fits ? "fits" : "overflows");
        Statistics.label("sum").coverage(coverage -> {
            coverage.check("fits").count(count -> count > 0);
            coverage.check("overflows").count(count -> count > 0);
        });

        if (fits) {
            assertThat(BigInteger.valueOf(eur(a).plus(eur(b)).minorUnits())).isEqualTo(exact);
        } else {
            assertThatThrownBy(() -> eur(a).plus(eur(b))).isInstanceOf(ArithmeticException.class);
        }
    }

    @Property
    void aProductIsExactOrThrows(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long units,
                                 @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int quantity) {
        BigInteger exact = BigInteger.valueOf(units).multiply(BigInteger.valueOf(quantity));
        boolean fits = exact.compareTo(LONG_MAX) <= 0;
        Statistics.label("product").collect(fits ? "fits" : "overflows");
        Statistics.label("product").coverage(coverage -> {
            coverage.check("fits").count(count -> count > 0);
            coverage.check("overflows").count(count -> count > 0);
        });

        if (fits) {
            assertThat(BigInteger.valueOf(eur(units).times(quantity).minorUnits())).isEqualTo(exact);
        } else {
            assertThatThrownBy(() -> eur(units).times(quantity)).isInstanceOf(ArithmeticException.class);
        }
    }

    @Property
    void aNegativeQuantityIsNeverMultiplied(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long units,
                                            @ForAll @IntRange(min = Integer.MIN_VALUE, max = -1) int quantity) {
        assertThatThrownBy(() -> eur(units).times(quantity)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void anOrdersTotalIsTheExactSumOfItsLinesOrIsRefused(@ForAll("lines") List<PricedLine> lines) {
        BigInteger exact = exactTotal(lines);
        try {
            Money total = SpendingPolicy.totalOf(lines, EUR).orRefuse();
            Statistics.label("total").collect("computed");
            assertThat(BigInteger.valueOf(total.minorUnits())).isEqualTo(exact);
        } catch (CommandRefusedException refusal) {
            Statistics.label("total").collect("too large");
            assertThat(refusal.reason()).isEqualTo(ReasonCode.LIMIT_ORDER_TOTAL);
            assertThat(exact).isGreaterThan(LONG_MAX);
        }
        Statistics.label("total").coverage(coverage -> {
            coverage.check("computed").count(count -> count > 0);
            coverage.check("too large").count(count -> count > 0);
        });
    }

    @Property(tries = 2000)
    void theSpendingPolicyLetsAnOrderThroughExactlyWhenItFitsTheLimits(@ForAll("lines") List<PricedLine> lines,
                                                                       @ForAll("limits") Limits limits,
                                                                       @ForAll("amounts") long spentToday) {
        BigInteger exact = exactTotal(lines);
        BigInteger spent = BigInteger.valueOf(spentToday);
        boolean categoriesAllowed = lines.stream().allMatch(line -> limits.allowsCategory(line.category()));
        boolean withinOrderLimit = exact.compareTo(BigInteger.valueOf(limits.maxOrderTotal().minorUnits())) <= 0;
        boolean withinDailyLimit = exact.add(spent).compareTo(BigInteger.valueOf(limits.dailySpend().minorUnits())) <= 0;

        String outcome;
        try {
            Money total = SpendingPolicy.totalWithin(limits, lines, eur(spentToday)).orRefuse();
            outcome = "allowed";
            assertThat(categoriesAllowed && withinOrderLimit && withinDailyLimit)
                    .as("an order is allowed only within every limit").isTrue();
            assertThat(BigInteger.valueOf(total.minorUnits())).isEqualTo(exact);
            assertThat(total.isGreaterThan(limits.maxOrderTotal())).isFalse();
            assertThat(BigInteger.valueOf(total.minorUnits()).add(spent))
                    .isLessThanOrEqualTo(BigInteger.valueOf(limits.dailySpend().minorUnits()));
        } catch (CommandRefusedException refusal) {
            outcome = refusal.reason().name();
            switch (refusal.reason()) {
                case CATEGORY_NOT_ALLOWED -> assertThat(categoriesAllowed).isFalse();
                case LIMIT_ORDER_TOTAL -> assertThat(withinOrderLimit).isFalse();
                case LIMIT_DAILY_SPEND -> assertThat(withinDailyLimit).isFalse();
                default -> throw new AssertionError("unexpected refusal " + refusal);
            }
        }
        Statistics.label("outcome").collect(outcome);
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check("allowed").count(count -> count > 0);
            coverage.check("CATEGORY_NOT_ALLOWED").count(count -> count > 0);
            coverage.check("LIMIT_ORDER_TOTAL").count(count -> count > 0);
            coverage.check("LIMIT_DAILY_SPEND").count(count -> count > 0);
        });
    }

    @Provide
    Arbitrary<List<PricedLine>> lines() {
        Arbitrary<Long> unitPrice = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.longs().between(1, 200_00)),
                Tuple.of(1, Arbitraries.longs().between(1, Long.MAX_VALUE / OrderRequest.MAX_QUANTITY)));
        Arbitrary<PricedLine> line = Combinators.combine(
                        Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ").ofMinLength(1).ofMaxLength(8),
                        Arbitraries.of(CATEGORIES),
                        Arbitraries.integers().between(1, OrderRequest.MAX_QUANTITY),
                        unitPrice)
                .as((sku, category, quantity, price) -> new PricedLine(sku, sku.toLowerCase(), category, quantity,
                        eur(price), eur(price).times(quantity)));
        return line.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Limits> limits() {
        // Empty means every category; a subset leaves some lines out.
        Arbitrary<Set<String>> allowed = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Set.<String>of())),
                Tuple.of(1, Arbitraries.of(CATEGORIES).set().ofMinSize(1).ofMaxSize(3)));
        return Combinators.combine(amounts(), amounts(), allowed, amounts())
                .as((maxOrder, daily, categories, threshold) ->
                        new Limits(eur(maxOrder), eur(daily), categories, eur(threshold)));
    }

    /** Mostly amounts of everyday size, sometimes anything a long holds. */
    @Provide
    Arbitrary<Long> amounts() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 5_000_00)),
                Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE)));
    }

    private static BigInteger exactTotal(List<PricedLine> lines) {
        return lines.stream().map(line -> BigInteger.valueOf(line.lineTotal().minorUnits()))
                .reduce(BigInteger.ZERO, BigInteger::add);
    }

    private static Money eur(long cents) {
        return Money.of(cents, EUR);
    }
}
