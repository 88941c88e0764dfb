package io.agentshop.commandside.api.account;

public record DelegationRevoked(String userId, String agentId, String reason) implements AccountEvent {
}
