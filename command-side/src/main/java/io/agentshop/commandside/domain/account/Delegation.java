package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.account.Limits;

import java.time.Instant;
import java.util.Set;

/** What one agent may do for the account's user; kept by the Account. */
record Delegation(String agentId, Set<String> scopes, Limits limits, Instant expiresAt, boolean revoked) {

    boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    Delegation withLimits(Limits newLimits) {
        return new Delegation(agentId, scopes, newLimits, expiresAt, revoked);
    }

    Delegation revoke() {
        return new Delegation(agentId, scopes, limits, expiresAt, true);
    }
}
