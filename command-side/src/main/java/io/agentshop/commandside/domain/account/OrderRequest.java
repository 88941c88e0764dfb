package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.order.OrderLine;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.agentshop.commandside.domain.Refusals.require;
import static io.agentshop.commandside.domain.Refusals.requireText;

/**
 * The lines of a placement, checked and put in a canonical form: one line per SKU, sorted by SKU. The sorted order
 * is also the order stock is taken in, so two placements never wait on each other's products in a cycle.
 */
record OrderRequest(Map<String, Integer> quantities) {

    static final int MAX_QUANTITY = 100;
    static final int MAX_LINES = 50;

    static OrderRequest of(List<OrderLine> lines) {
        require(lines != null && !lines.isEmpty(), ReasonCode.INVALID_QUANTITY,
                "an order needs at least one line of SKU and quantity");
        require(lines.size() <= MAX_LINES, ReasonCode.INVALID_QUANTITY,
                "an order has at most " + MAX_LINES + " lines");
        Map<String, Integer> quantities = new TreeMap<>();
        for (OrderLine line : lines) {
            require(line != null, ReasonCode.INVALID_COMMAND, "an order line is missing");
            String sku = requireText(line.sku(), "a line's SKU", 64);
            // Also keeps the fingerprint unambiguous: a SKU cannot contain its separators.
            require(sku.matches("[A-Z0-9][A-Z0-9-]*"), ReasonCode.INVALID_COMMAND,
                    "'" + sku + "' is not a SKU (upper-case letters, digits and dashes); search the catalog for it");
            require(line.quantity() >= 1 && line.quantity() <= MAX_QUANTITY, ReasonCode.INVALID_QUANTITY,
                    "the quantity of " + sku + " must be between 1 and " + MAX_QUANTITY + ", was " + line.quantity());
            int merged = quantities.merge(sku, line.quantity(), Integer::sum);
            require(merged <= MAX_QUANTITY, ReasonCode.INVALID_QUANTITY,
                    "at most " + MAX_QUANTITY + " of " + sku + " per order");
        }
        return new OrderRequest(Map.copyOf(quantities));
    }

    /** The same lines give the same fingerprint whatever their order or split: {@code MUG:1,SHIRT-M:2}. */
    String fingerprint() {
        return new TreeMap<>(quantities).entrySet().stream()
                .map(entry -> entry.getKey() + ":" + entry.getValue())
                .collect(Collectors.joining(","));
    }

    List<Map.Entry<String, Integer>> linesBySku() {
        return List.copyOf(new TreeMap<>(quantities).entrySet());
    }
}
