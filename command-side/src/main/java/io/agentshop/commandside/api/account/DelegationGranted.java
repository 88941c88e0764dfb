package io.agentshop.commandside.api.account;

import java.time.Instant;
import java.util.Set;

public record DelegationGranted(String userId, String agentId, Set<String> scopes, Limits limits, Instant expiresAt)
        implements AccountEvent {
}
