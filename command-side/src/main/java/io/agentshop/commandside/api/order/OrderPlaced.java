package io.agentshop.commandside.api.order;

import io.agentshop.commandside.api.Money;

import java.time.Instant;
import java.util.List;

public record OrderPlaced(String orderId, String userId, String agentId, List<PricedLine> lines, Money total,
                          String idempotencyKey, String note, Instant placedAt) implements OrderEvent {
}
