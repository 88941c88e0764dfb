package io.agentshop.commandside.api.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;
import java.time.Instant;

/**
 * Lets an agent act for the user with these scopes and limits until {@code expiresAt} ({@code null}: no expiry);
 * granting again replaces the grant.
 */
public record GrantDelegationCommand(@TargetAggregateIdentifier String userId, String agentId, Set<String> scopes,
                                     Limits limits, Instant expiresAt) implements AccountCommand {
}
