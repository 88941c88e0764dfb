package io.agentshop.console;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Amounts as people type them ("12.50") and as the shop keeps them (minor units and a currency). */
public final class Amounts {

    private Amounts() {
    }

    /** Digits, and at most two decimals after a point: nothing else (no sign, exponent, control character). */
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,7}(\\.\\d{1,2})?");

    public static Map<String, Object> money(String field, String typed, String currency) {
        String given = typed == null ? "" : typed.strip();
        if (!AMOUNT.matcher(given).matches()) {
            throw new IllegalArgumentException(field + " is not an amount like 12.50 (digits, at most two decimals)");
        }
        BigDecimal amount = new BigDecimal(given);
        if (amount.compareTo(new BigDecimal("1000000")) > 0) {
            throw new IllegalArgumentException(field + " must be at most 1000000");
        }
        Map<String, Object> money = new LinkedHashMap<>();
        money.put("minorUnits", amount.movePointRight(2).longValueExact());
        money.put("currency", currency);
        return money;
    }
}
