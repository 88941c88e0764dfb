package io.agentshop.commandside.api.account;

public record DelegationLimitsChanged(String userId, String agentId, Limits limits) implements AccountEvent {
}
