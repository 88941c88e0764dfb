package io.agentshop.commandside.api;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The OAuth scopes of the shop, the one list of them: the aggregates check them again after the edge did (so no path
 * around the edge skips them), the edge's tools and controls name the one each needs, and a delegation may hold only
 * these. Tokens, commands and events carry the scope's {@link #value()}, the string OAuth knows.
 */
public enum Scope {

    CATALOG_READ("catalog:read"),
    ORDERS_READ("orders:read"),
    ORDERS_WRITE("orders:write"),
    ORDERS_CANCEL("orders:cancel"),
    ORDERS_APPROVE("orders:approve"),
    ACCOUNT_READ("account:read"),
    ACCOUNT_MANAGE("account:manage"),
    AUDIT_READ("audit:read"),
    ANALYTICS_READ("analytics:read");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** The scope as OAuth writes it, e.g. {@code orders:write}. */
    public String value() {
        return value;
    }

    /** The scope named {@code value}, if the shop has one of that name. */
    public static Optional<Scope> of(String value) {
        return Arrays.stream(values()).filter(scope -> scope.value.equals(value)).findFirst();
    }

    public static boolean isKnown(String value) {
        return of(value).isPresent();
    }

    /** The values of these scopes, as tokens and delegations hold them. */
    public static Set<String> valuesOf(Scope... scopes) {
        Set<String> values = new LinkedHashSet<>();
        for (Scope scope : scopes) {
            values.add(scope.value);
        }
        return Set.copyOf(values);
    }

    /** Its value, so that a sentence naming the scope reads as OAuth writes it. */
    @Override
    public String toString() {
        return value;
    }
}
