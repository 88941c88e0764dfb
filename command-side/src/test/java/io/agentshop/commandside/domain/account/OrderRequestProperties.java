package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.order.OrderLine;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A retry is told from a new order by the fingerprint of its lines: what was asked for, not how it was written. */
class OrderRequestProperties {

    private static final int MAX_SPLITS = 5;

    @Property
    void theFingerprintIgnoresTheOrderAndSplitOfLines(@ForAll("quantities") Map<String, Integer> quantities,
                                                      @ForAll Random random) {
        List<OrderLine> canonical = quantities.entrySet().stream()
                .map(entry -> new OrderLine(entry.getKey(), entry.getValue())).toList();
        List<OrderLine> rewritten = splitAndShuffle(quantities, random);

        assertThat(OrderRequest.of(rewritten).fingerprint()).isEqualTo(OrderRequest.of(canonical).fingerprint());
        assertThat(OrderRequest.of(rewritten).linesBySku()).isEqualTo(OrderRequest.of(canonical).linesBySku());
    }

    @Property
    void theFingerprintListsEachSkuOnceInSkuOrder(@ForAll("quantities") Map<String, Integer> quantities,
                                                  @ForAll Random random) {
        String expected = new TreeMap<>(quantities).entrySet().stream()
                .map(entry -> entry.getKey() + ":" + entry.getValue()).collect(Collectors.joining(","));

        assertThat(OrderRequest.of(splitAndShuffle(quantities, random)).fingerprint()).isEqualTo(expected);
    }

    @Property
    void differentOrdersHaveDifferentFingerprints(@ForAll("quantities") Map<String, Integer> first,
                                                  @ForAll("quantities") Map<String, Integer> second) {
        boolean sameLines = first.equals(second);

        assertThat(OrderRequest.of(lines(first)).fingerprint().equals(OrderRequest.of(lines(second)).fingerprint()))
                .isEqualTo(sameLines);
    }

    /** Up to ten SKUs of the catalog's alphabet, each wanted 1 to 100 times. */
    @Provide
    Arbitrary<Map<String, Integer>> quantities() {
        Arbitrary<String> sku = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
                .ofMinLength(1).ofMaxLength(12).filter(s -> Character.isLetterOrDigit(s.charAt(0)));
        return Arbitraries.maps(sku, Arbitraries.integers().between(1, OrderRequest.MAX_QUANTITY))
                .ofMinSize(1).ofMaxSize(10);
    }

    /** Each SKU's quantity written as up to five lines, all lines in a random order. */
    private static List<OrderLine> splitAndShuffle(Map<String, Integer> quantities, Random random) {
        List<OrderLine> lines = new ArrayList<>();
        quantities.forEach((sku, quantity) -> {
            int left = quantity;
            int parts = 1 + random.nextInt(Math.min(MAX_SPLITS, quantity));
            for (int part = 1; part < parts; part++) {
                int take = 1 + random.nextInt(left - (parts - part));
                lines.add(new OrderLine(sku, take));
                left -= take;
            }
            lines.add(new OrderLine(sku, left));
        });
        Collections.shuffle(lines, random);
        return lines;
    }

    private static List<OrderLine> lines(Map<String, Integer> quantities) {
        return quantities.entrySet().stream().map(entry -> new OrderLine(entry.getKey(), entry.getValue())).toList();
    }
}
