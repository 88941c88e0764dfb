package io.agentshop.commandside.api.account;

public record AccountOpened(String userId, Mode mode) implements AccountEvent {
}
