package io.agentshop.commandside.domain.account;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.Role;
import io.agentshop.commandside.api.Scope;
import io.agentshop.commandside.api.account.AccountModeChanged;
import io.agentshop.commandside.api.account.AccountOpened;
import io.agentshop.commandside.api.account.AdmitAgentCommand;
import io.agentshop.commandside.api.account.AuthorizeReadCommand;
import io.agentshop.commandside.api.account.ChangeAccountModeCommand;
import io.agentshop.commandside.api.account.ChangeDelegationLimitsCommand;
import io.agentshop.commandside.api.account.DelegationGranted;
import io.agentshop.commandside.api.account.DelegationLimitsChanged;
import io.agentshop.commandside.api.account.DelegationRevoked;
import io.agentshop.commandside.api.account.GrantDelegationCommand;
import io.agentshop.commandside.api.account.Limits;
import io.agentshop.commandside.api.account.Mode;
import io.agentshop.commandside.api.account.OpenAccountCommand;
import io.agentshop.commandside.api.account.OrderAuthorized;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.account.RevokeDelegationCommand;
import io.agentshop.commandside.api.order.OrderStatus;
import io.agentshop.commandside.api.order.PlacedOrder;
import io.agentshop.commandside.api.order.PricedLine;
import io.agentshop.commandside.domain.Catalog;
import io.agentshop.commandside.domain.order.Order;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.agentshop.commandside.domain.Refusals.refuse;
import static io.agentshop.commandside.domain.Refusals.require;
import static io.agentshop.commandside.domain.Refusals.requireText;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

/**
 * One per user: the consistency boundary for "may this agent act for this user now". It holds the mode, the
 * delegations, each agent's spend today and the idempotency keys of placed orders; it places orders.
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargets")
public class Account {

    /** As long as a client's name may be where the user consents (the development authorization server's limit). */
    static final int MAX_AGENT_NAME = 100;

    @AggregateIdentifier
    private String userId;
    private Mode mode;
    private final Map<String, Delegation> delegations = new HashMap<>();
    private final Map<String, DailySpend> spendByAgent = new HashMap<>();
    private final Map<String, Placement> placements = new HashMap<>();

    protected Account() {
        // For Axon: state is rebuilt from events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void open(OpenAccountCommand command, Actor actor) {
        require(userId == null, ReasonCode.ACCOUNT_EXISTS, "the account of " + command.userId() + " exists already");
        openFor(requireText(command.userId(), "userId", 200), actor);
    }

    private void openFor(String user, Actor actor) {
        require(!actor.isAgent() && (isStaff(actor) || actor.userId().equals(user)),
                ReasonCode.NOT_AUTHORIZED, "only the user, an admin or the shop opens an account, never an agent");
        apply(new AccountOpened(user, Mode.ACTIVE));
    }

    @CommandHandler
    public void changeMode(ChangeAccountModeCommand command, Actor actor) {
        require(actor.hasRole(Role.ADMIN) && !actor.isAgent(), ReasonCode.NOT_AUTHORIZED,
                "only an admin, signed in as a person, changes an account's mode");
        require(command.mode() != null, ReasonCode.INVALID_COMMAND, "mode is required (ACTIVE, READ_ONLY or BANNED)");
        String reason = requireText(command.reason(), "a reason for the mode change", 500);
        if (command.mode() != mode) {
            apply(new AccountModeChanged(userId, mode, command.mode(), reason));
        }
    }

    /**
     * Granting again replaces the scopes and the expiry but keeps limits the user set, unless new ones are given: a
     * renewed consent must not quietly raise what the agent may spend. A user's first consent opens their account.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void grant(GrantDelegationCommand command, Actor actor, Clock clock) {
        if (userId == null) {
            openFor(requireText(command.userId(), "userId", 200), actor);
        }
        requireManagedBy(actor);
        require(mode != Mode.BANNED || actor.hasRole(Role.ADMIN), ReasonCode.ACCOUNT_BANNED,
                "this account is banned: no agent may be given authority over it");
        String agentId = requireText(command.agentId(), "agentId", 200);
        require(command.scopes() != null && !command.scopes().isEmpty(), ReasonCode.INVALID_COMMAND,
                "a delegation grants at least one scope");
        require(command.scopes().stream().allMatch(Scope::isKnown), ReasonCode.INVALID_COMMAND,
                "unknown scope among " + command.scopes() + "; known scopes: " + List.of(Scope.values()));
        require(command.expiresAt() == null || command.expiresAt().isAfter(clock.instant()), ReasonCode.INVALID_COMMAND,
                "a delegation cannot expire in the past");
        require(command.agentName() == null || command.agentName().codePointCount(0, command.agentName().length())
                        <= MAX_AGENT_NAME, ReasonCode.INVALID_COMMAND,
                "an agent's name is at most " + MAX_AGENT_NAME + " characters");
        Delegation earlier = delegations.get(agentId);
        Limits limits = command.limits() != null ? command.limits()
                : earlier != null ? earlier.limits() : Limits.defaults();
        apply(new DelegationGranted(userId, agentId, Set.copyOf(command.scopes()), limits, command.expiresAt(),
                command.agentName()));
    }

    /**
     * An agent's first call for a user whose consent the shop never heard of. Its token is the proof of that consent,
     * so the delegation takes the token's scopes (those the shop knows) with default limits. A known agent keeps its
     * delegation as it is: admission never undoes a revocation, never widens scopes. A banned account admits nobody;
     * the call that follows is refused for the ban. Answers whether the Account now knows the agent.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean admit(AdmitAgentCommand command, Actor actor) {
        String user = requireText(command.userId(), "userId", 200);
        String agentId = requireText(command.agentId(), "agentId", 200);
        require(actor.isAgent() && actor.agentId().equals(agentId) && actor.userId().equals(user),
                ReasonCode.NOT_AUTHORIZED, "an agent is admitted only by its own call for the user of its token");
        if (userId == null) {
            apply(new AccountOpened(user, Mode.ACTIVE));
        }
        Set<String> scopes = new TreeSet<>(actor.scopes());
        scopes.removeIf(scope -> !Scope.isKnown(scope));
        if (delegations.containsKey(agentId) || mode == Mode.BANNED || scopes.isEmpty()) {
            return delegations.containsKey(agentId);
        }
        apply(new DelegationGranted(userId, agentId, Set.copyOf(scopes), Limits.defaults(), null));
        return true;
    }

    @CommandHandler
    public void changeLimits(ChangeDelegationLimitsCommand command, Actor actor) {
        requireManagedBy(actor);
        require(command.limits() != null, ReasonCode.INVALID_COMMAND, "limits are required");
        Delegation delegation = delegations.get(command.agentId());
        require(delegation != null, ReasonCode.DELEGATION_MISSING, "agent " + command.agentId() + " has no delegation");
        require(!delegation.revoked(), ReasonCode.DELEGATION_REVOKED,
                "agent " + command.agentId() + " was revoked; grant it again instead");
        apply(new DelegationLimitsChanged(userId, command.agentId(), command.limits()));
    }

    /** Taking authority away is always allowed to the user and admins, whatever the account's mode. */
    @CommandHandler
    public void revoke(RevokeDelegationCommand command, Actor actor) {
        requireManagedBy(actor);
        Delegation delegation = delegations.get(command.agentId());
        require(delegation != null, ReasonCode.DELEGATION_MISSING, "agent " + command.agentId() + " has no delegation");
        if (!delegation.revoked()) {
            apply(new DelegationRevoked(userId, command.agentId(),
                    command.reason() == null ? "" : requireText(command.reason(), "reason", 500)));
        }
    }

    /**
     * Authorized like any write, answered from memory for a retry with the same key, decided as a value
     * ({@link PlacementDecision}: the total, the spend after it, confirmed or awaiting approval) from the catalog's
     * prices and the agent's limits, and applied: the stock reserved, the event, the Order, its approval deadline.
     */
    @CommandHandler
    public PlacedOrder placeOrder(PlaceOrderCommand command, Actor actor, Catalog catalog, Clock clock,
                                  DeadlineManager deadlines) {
        Instant now = clock.instant();
        authorize(actor, Scope.ORDERS_WRITE, now);
        String orderId = requireText(command.orderId(), "orderId", 64);
        String key = requireText(command.idempotencyKey(), "idempotencyKey", 200);
        String note = command.note() == null ? null : requireText(command.note(), "note", 500);
        OrderRequest request = OrderRequest.of(command.lines());

        Placement earlier = placements.get(placementKey(actor, key));
        if (earlier != null) {
            require(earlier.fingerprint().equals(request.fingerprint()), ReasonCode.IDEMPOTENCY_CONFLICT,
                    "idempotency key '" + key + "' was used for a different order (" + earlier.orderId()
                            + "); use a new key for a new order");
            return new PlacedOrder(earlier.orderId(), earlier.status(), earlier.total(), true);
        }

        List<PricedLine> lines = request.linesBySku().stream()
                .map(line -> catalog.price(line.getKey(), line.getValue())).toList();
        PlacementDecision placement = (actor.isAgent()
                ? PlacementDecision.forAgent(lines, delegations.get(actor.agentId()).limits(),
                        spendByAgent.get(actor.agentId()), now)
                : PlacementDecision.forPerson(lines, now)).orRefuse();

        lines.forEach(line -> catalog.reserve(orderId, line.sku(), line.quantity()));
        apply(new OrderAuthorized(userId, actor.agentId(), orderId, placement.total(), key, request.fingerprint(),
                placement.status(), placement.day(), placement.spentToday()));
        try {
            createNew(Order.class, () -> Order.place(orderId, userId, actor.agentId(), lines, placement.total(), key,
                    note, now, placement.approvalThreshold(), placement.approvalDeadline()));
        } catch (Exception e) {
            throw new IllegalStateException("could not create order " + orderId, e);
        }
        if (placement.needsApproval()) {
            deadlines.schedule(placement.approvalDeadline(), Order.APPROVAL_DEADLINE, null,
                    new AggregateScopeDescriptor("Order", orderId));
        }
        return new PlacedOrder(orderId, placement.status(), placement.total(), false);
    }

    /** May this actor read the user's data with this scope now? Nothing changes either way. */
    @CommandHandler
    public void authorizeRead(AuthorizeReadCommand command, Actor actor, Clock clock) {
        String asked = requireText(command.scope(), "scope", 100);
        Scope scope = Scope.of(asked).orElseThrow(() -> refuse(ReasonCode.INVALID_COMMAND, "unknown scope '" + asked
                + "'; known scopes: " + List.of(Scope.values())));
        Authority.checkRead(userId, mode, delegations::get, actor, scope, clock.instant());
    }

    /**
     * May this actor write with this scope for this account now? Refused when the account is banned or read-only,
     * when an agent's delegation is missing, revoked, expired or lacks the scope, or when the token lacks it.
     */
    public void authorize(Actor actor, Scope scope, Instant now) {
        Authority.check(userId, mode, delegations::get, actor, scope, now);
    }

    /** An agent never manages delegations, not even one acting for an admin: it could widen its own. */
    private void requireManagedBy(Actor actor) {
        require(!actor.isAgent() && (actor.userId().equals(userId) || isStaff(actor)), ReasonCode.NOT_AUTHORIZED,
                "only the user (signed in as a person, not through an agent) or an admin manages delegations");
    }

    private static boolean isStaff(Actor actor) {
        return actor.hasRole(Role.ADMIN) || actor.hasRole(Role.SYSTEM);
    }

    private static String placementKey(Actor actor, String idempotencyKey) {
        return (actor.isAgent() ? actor.agentId() : "") + "\n" + idempotencyKey;
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        userId = event.userId();
        mode = event.mode();
    }

    @EventSourcingHandler
    void on(AccountModeChanged event) {
        mode = event.mode();
    }

    @EventSourcingHandler
    void on(DelegationGranted event) {
        delegations.put(event.agentId(),
                new Delegation(event.agentId(), event.scopes(), event.limits(), event.expiresAt(), false));
    }

    @EventSourcingHandler
    void on(DelegationLimitsChanged event) {
        delegations.computeIfPresent(event.agentId(), (agent, delegation) -> delegation.withLimits(event.limits()));
    }

    @EventSourcingHandler
    void on(DelegationRevoked event) {
        delegations.computeIfPresent(event.agentId(), (agent, delegation) -> delegation.revoke());
    }

    @EventSourcingHandler
    void on(OrderAuthorized event) {
        if (event.agentId() != null) {
            spendByAgent.put(event.agentId(), new DailySpend(event.spendDay(), event.spentToday()));
        }
        String key = (event.agentId() == null ? "" : event.agentId()) + "\n" + event.idempotencyKey();
        // The status at placement is what a retry is told; the Order's later life is read from the Order.
        placements.put(key, new Placement(event.orderId(), event.fingerprint(), event.total(), event.status()));
    }

    /** An order placed under an idempotency key, remembered to answer retries. */
    record Placement(String orderId, String fingerprint, Money total, OrderStatus status) {
    }
}
