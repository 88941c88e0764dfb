package io.agentshop.commandside.domain.order;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.Role;
import io.agentshop.commandside.api.Scope;
import io.agentshop.commandside.api.order.ApproveOrderCommand;
import io.agentshop.commandside.api.order.CancelOrderCommand;
import io.agentshop.commandside.api.order.DeclineOrderCommand;
import io.agentshop.commandside.api.order.ExpireOrderApprovalCommand;
import io.agentshop.commandside.api.order.OrderApprovalExpired;
import io.agentshop.commandside.api.order.OrderApproved;
import io.agentshop.commandside.api.order.OrderAwaitingApproval;
import io.agentshop.commandside.api.order.OrderCancelled;
import io.agentshop.commandside.api.order.OrderConfirmed;
import io.agentshop.commandside.api.order.OrderDeclined;
import io.agentshop.commandside.api.order.OrderPlaced;
import io.agentshop.commandside.api.order.OrderShipped;
import io.agentshop.commandside.api.order.OrderStatus;
import io.agentshop.commandside.api.order.PricedLine;
import io.agentshop.commandside.api.order.ShipOrderCommand;
import io.agentshop.commandside.domain.AccountGate;
import io.agentshop.commandside.domain.Catalog;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.agentshop.commandside.domain.Refusals.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An order, created only by the Account that authorized it. It guards its own life: who may cancel, approve,
 * decline or ship it, and in which state; stock goes back to the catalog whenever it ends unshipped.
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargets")
public class Order {

    /** How long an order above the approval threshold waits for the user. */
    public static final Duration APPROVAL_WINDOW = Duration.ofHours(24);
    public static final String APPROVAL_DEADLINE = "order-approval";

    @AggregateIdentifier
    private String orderId;
    private String userId;
    private OrderStatus status;
    private List<PricedLine> lines;
    private Instant approvalDeadline;

    protected Order() {
        // For Axon: state is rebuilt from events.
    }

    /** Called by the Account inside its placement; {@code approvalDeadline} is null when no approval is needed. */
    public static Order place(String orderId, String userId, String agentId, List<PricedLine> lines, Money total,
                              String idempotencyKey, String note, Instant placedAt, Money threshold,
                              Instant approvalDeadline) {
        Order order = new Order();
        apply(new OrderPlaced(orderId, userId, agentId, List.copyOf(lines), total, idempotencyKey, note, placedAt));
        if (approvalDeadline == null) {
            apply(new OrderConfirmed(orderId));
        } else {
            apply(new OrderAwaitingApproval(orderId, threshold, approvalDeadline));
        }
        return order;
    }

    @CommandHandler
    public void cancel(CancelOrderCommand command, Actor actor, AccountGate accounts, Catalog catalog) {
        // An admin signed in as a person may cancel any order (support); an agent is held to its user's rights.
        if (actor.isAgent() || !actor.hasRole(Role.ADMIN)) {
            requireOwner(actor);
            accounts.authorize(userId, actor, Scope.ORDERS_CANCEL);
        }
        require(status.isCancellable(), ReasonCode.ORDER_NOT_CANCELLABLE,
                "order " + orderId + " is " + status + " and can no longer be cancelled");
        releaseStock(catalog);
        apply(new OrderCancelled(orderId, actor.userId(), command.reason()));
    }

    @CommandHandler
    public void approve(ApproveOrderCommand command, Actor actor, AccountGate accounts, Clock clock) {
        requireUserDecision(actor, accounts, clock);
        apply(new OrderApproved(orderId, actor.userId()));
    }

    @CommandHandler
    public void decline(DeclineOrderCommand command, Actor actor, AccountGate accounts, Catalog catalog, Clock clock) {
        requireUserDecision(actor, accounts, clock);
        releaseStock(catalog);
        apply(new OrderDeclined(orderId, actor.userId(), command.reason()));
    }

    /** Idempotent: an order that was decided meanwhile, or whose deadline has not come, is left alone. */
    @CommandHandler
    public void expire(ExpireOrderApprovalCommand command, Actor actor, Catalog catalog, Clock clock) {
        require(actor.hasRole(Role.SYSTEM) || actor.hasRole(Role.ADMIN), ReasonCode.NOT_AUTHORIZED,
                "only the shop expires approvals");
        if (status == OrderStatus.AWAITING_APPROVAL && !clock.instant().isBefore(approvalDeadline)) {
            releaseStock(catalog);
            apply(new OrderApprovalExpired(orderId));
        }
    }

    @CommandHandler
    public void ship(ShipOrderCommand command, Actor actor) {
        require(!actor.isAgent() && (actor.hasRole(Role.FULFILMENT) || actor.hasRole(Role.ADMIN)),
                ReasonCode.NOT_AUTHORIZED, "only fulfilment or an admin ships orders");
        require(status.isShippable(), ReasonCode.ORDER_NOT_SHIPPABLE,
                "order " + orderId + " is " + status + "; only confirmed or approved orders ship");
        apply(new OrderShipped(orderId, actor.userId()));
    }

    /** The approval window closed: the shop expires the order through a command, so it is recorded like any. */
    @DeadlineHandler(deadlineName = APPROVAL_DEADLINE)
    void onApprovalDeadline(CommandGateway commands) {
        Actor shop = Actor.system("approval-deadline");
        commands.send(new ExpireOrderApprovalCommand(orderId), MetaData.with(Actor.METADATA_KEY, shop.toMetaData()));
    }

    private void requireOwner(Actor actor) {
        require(actor.userId().equals(userId), ReasonCode.NOT_YOUR_ORDER,
                "order " + orderId + " belongs to another user");
    }

    private void requireUserDecision(Actor actor, AccountGate accounts, Clock clock) {
        require(!actor.isAgent(), ReasonCode.NOT_AUTHORIZED,
                "only the user decides on an order that waits for approval, never an agent");
        requireOwner(actor);
        accounts.authorize(userId, actor, Scope.ORDERS_APPROVE);
        require(status == OrderStatus.AWAITING_APPROVAL, ReasonCode.ORDER_NOT_AWAITING_APPROVAL,
                "order " + orderId + " is " + status + ", not waiting for approval");
        require(clock.instant().isBefore(approvalDeadline), ReasonCode.ORDER_NOT_AWAITING_APPROVAL,
                "the approval window of order " + orderId + " closed at " + approvalDeadline);
    }

    private void releaseStock(Catalog catalog) {
        lines.forEach(line -> catalog.release(orderId, line.sku(), line.quantity()));
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
        userId = event.userId();
        lines = event.lines();
        status = OrderStatus.PLACED;
    }

    @EventSourcingHandler
    void on(OrderConfirmed event) {
        status = OrderStatus.CONFIRMED;
    }

    @EventSourcingHandler
    void on(OrderAwaitingApproval event) {
        status = OrderStatus.AWAITING_APPROVAL;
        approvalDeadline = event.deadline();
    }

    @EventSourcingHandler
    void on(OrderApproved event) {
        status = OrderStatus.APPROVED;
    }

    @EventSourcingHandler
    void on(OrderDeclined event) {
        status = OrderStatus.DECLINED;
    }

    @EventSourcingHandler
    void on(OrderApprovalExpired event) {
        status = OrderStatus.EXPIRED;
    }

    @EventSourcingHandler
    void on(OrderCancelled event) {
        status = OrderStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(OrderShipped event) {
        status = OrderStatus.SHIPPED;
    }
}
