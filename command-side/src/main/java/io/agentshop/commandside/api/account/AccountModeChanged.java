package io.agentshop.commandside.api.account;

public record AccountModeChanged(String userId, Mode previousMode, Mode mode, String reason) implements AccountEvent {
}
