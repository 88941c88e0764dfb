package io.agentshop.commandside.api.order;

/** Everything that happens to an Order. */
public sealed interface OrderEvent permits OrderPlaced, OrderConfirmed, OrderAwaitingApproval, OrderApproved,
        OrderDeclined, OrderApprovalExpired, OrderCancelled, OrderShipped {

    String orderId();
}
