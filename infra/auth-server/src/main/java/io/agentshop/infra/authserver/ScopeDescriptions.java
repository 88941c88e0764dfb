package io.agentshop.infra.authserver;

import java.util.Map;

/** Scopes in the words the consent page uses. */
final class ScopeDescriptions {

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("catalog:read", "See the product catalog"),
            Map.entry("orders:read", "See your orders"),
            Map.entry("orders:write", "Place orders for you"),
            Map.entry("orders:cancel", "Cancel your orders"),
            Map.entry("orders:approve", "Approve orders that need approval"),
            Map.entry("account:read", "See your account and balance"),
            Map.entry("account:manage", "Change your account settings"),
            Map.entry("audit:read", "Read the audit trail"),
            Map.entry("openid", "Know who you are"),
            Map.entry("profile", "See your name and email address"),
            Map.entry("offline_access", "Keep access while you are away (refresh tokens)"));

    private ScopeDescriptions() {
    }

    static String describe(String scope) {
        return DESCRIPTIONS.getOrDefault(scope, scope);
    }
}
