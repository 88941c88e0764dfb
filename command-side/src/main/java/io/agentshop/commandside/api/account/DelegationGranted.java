package io.agentshop.commandside.api.account;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;

/**
 * The user lets the agent act for them. Schema version 2 added {@code agentName}: the name the agent's client goes by
 * where the user consented, {@code null} when unknown (version 1 events have none).
 */
@Revision("2")
public record DelegationGranted(String userId, String agentId, Set<String> scopes, Limits limits, Instant expiresAt,
                                String agentName) implements AccountEvent {

    public DelegationGranted(String userId, String agentId, Set<String> scopes, Limits limits, Instant expiresAt) {
        this(userId, agentId, scopes, limits, expiresAt, null);
    }
}
