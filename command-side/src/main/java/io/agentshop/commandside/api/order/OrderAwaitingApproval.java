package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.Money;

import java.time.Instant;

/** The order costs more than the agent's approval threshold: the user decides before {@code deadline}. */
public record OrderAwaitingApproval(String orderId, Money threshold, Instant deadline) implements OrderEvent {
}
