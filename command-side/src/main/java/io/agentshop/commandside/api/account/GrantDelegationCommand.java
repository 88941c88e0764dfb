package io.agentshop.commandside.api.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;
import java.time.Instant;

/**
 * Lets an agent act for the user with these scopes and limits until {@code expiresAt} ({@code null}: no expiry);
 * granting again replaces the grant. {@code agentName} is the name the agent's client goes by where the user consented
 * ({@code null} when unknown: granting again keeps the name known before).
 */
public record GrantDelegationCommand(@TargetAggregateIdentifier String userId, String agentId, Set<String> scopes,
                                     Limits limits, Instant expiresAt, String agentName) implements AccountCommand {

    public GrantDelegationCommand(String userId, String agentId, Set<String> scopes, Limits limits, Instant expiresAt) {
        this(userId, agentId, scopes, limits, expiresAt, null);
    }
}
