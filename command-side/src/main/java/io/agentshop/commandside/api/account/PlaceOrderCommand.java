package io.agentshop.commandside.api.account;

import io.agentshop.commandside.api.order.OrderLine;
import io.agentshop.commandside.api.FreeText;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * An agent orders for its user; the Account checks and creates the Order. Prices come from the catalog, never from
 * the caller.
 */
public record PlaceOrderCommand(@TargetAggregateIdentifier String userId, String orderId, List<OrderLine> lines,
                                String idempotencyKey, @FreeText String note) implements AccountCommand {
}
