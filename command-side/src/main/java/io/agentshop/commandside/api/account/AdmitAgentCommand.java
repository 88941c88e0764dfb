package io.agentshop.commandside.api.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sent by the edge before an agent's command, for the agent named in its token: an agent the Account has never seen
 * (its user consented at an external identity provider, so no consent reached the shop) gets a delegation with the
 * default limits and the scopes of its token that the shop knows. The user's account opens with it if this is the
 * user's first contact. An agent the Account knows, revoked or not, is left exactly as it is. The result tells whether
 * the Account knows the agent afterwards (not when the account is banned or the token carries no scope of the shop).
 */
public record AdmitAgentCommand(@TargetAggregateIdentifier String userId, String agentId) implements AccountCommand {
}
