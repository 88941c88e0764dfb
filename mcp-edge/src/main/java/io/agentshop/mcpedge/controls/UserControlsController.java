package io.agentshop.mcpedge.controls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Scope;
import io.agentshop.commandside.api.account.ChangeDelegationLimitsCommand;
import io.agentshop.commandside.api.account.GrantDelegationCommand;
import io.agentshop.commandside.api.account.Limits;
import io.agentshop.commandside.api.account.RevokeDelegationCommand;
import io.agentshop.commandside.api.order.ApproveOrderCommand;
import io.agentshop.commandside.api.order.DeclineOrderCommand;
import io.agentshop.mcpedge.identity.ShopCommands;
import io.agentshop.mcpedge.identity.UserDataAccess;
import io.agentshop.mcpedge.queryside.OwnOrders;
import io.agentshop.mcpedge.queryside.QuerySide;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a user controls about their agents and orders, with their own token; each change is a command. */
@RestController
@RequestMapping("/controls/me")
class UserControlsController {

    private final ShopCommands commands;
    private final QuerySide querySide;
    private final UserDataAccess access;
    private final OwnOrders ownOrders;

    UserControlsController(ShopCommands commands, QuerySide querySide, UserDataAccess access, OwnOrders ownOrders) {
        this.commands = commands;
        this.querySide = querySide;
        this.access = access;
        this.ownOrders = ownOrders;
    }

    /** My agents: scopes, limits, spend today and last use, as the read side last saw them. */
    @GetMapping("/agents")
    JsonNode myAgents(Actor caller) {
        Actor me = Callers.person(caller, Scope.ACCOUNT_READ);
        access.check(me, Scope.ACCOUNT_READ);
        JsonNode account = querySide.account(me.userId());
        ObjectNode view = account.deepCopy();
        view.set("agents", view.remove("delegations"));
        return view;
    }

    /** My orders, newest first, optionally of one status (e.g. AWAITING_APPROVAL: the ones waiting for me). */
    @GetMapping("/orders")
    JsonNode myOrders(Actor caller, @RequestParam(required = false) String status,
                      @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        Actor me = Callers.person(caller, Scope.ORDERS_READ);
        access.check(me, Scope.ORDERS_READ);
        return querySide.orders(me.userId(), status, cursor, limit);
    }

    /**
     * One of my orders: what an approval page shows before the user decides. Another user's order is answered like
     * one that does not exist.
     */
    @GetMapping("/orders/{orderId}")
    JsonNode myOrder(Actor caller, @PathVariable String orderId) {
        Actor me = Callers.person(caller, Scope.ORDERS_READ);
        access.check(me, Scope.ORDERS_READ);
        return ownOrders.find(me.userId(), orderId)
                .orElseThrow(() -> ControlProblems.notFound("you have no order " + orderId));
    }

    @PutMapping("/agents/{agentId}/limits")
    Map<String, Object> changeLimits(Actor caller, @PathVariable String agentId, @RequestBody Limits limits) {
        Actor me = Callers.person(caller, Scope.ACCOUNT_MANAGE);
        commands.send(new ChangeDelegationLimitsCommand(me.userId(), agentId, limits), me);
        return outcome("agentId", agentId, "limits", limits);
    }

    @PostMapping("/agents/{agentId}/revoke")
    Map<String, Object> revoke(Actor caller, @PathVariable String agentId,
                               @RequestBody(required = false) Reason reason) {
        Actor me = Callers.person(caller, Scope.ACCOUNT_MANAGE);
        commands.send(new RevokeDelegationCommand(me.userId(), agentId, Reason.of(reason)), me);
        return outcome("agentId", agentId, "revoked", true);
    }

    /**
     * Grants (again) what an agent may do: after a revocation, or to change its scopes. Limits left out keep the
     * ones the user set before (or the defaults for a new agent).
     */
    @PostMapping("/agents/{agentId}/grant")
    Map<String, Object> grant(Actor caller, @PathVariable String agentId, @RequestBody Grant grant) {
        Actor me = Callers.person(caller, Scope.ACCOUNT_MANAGE);
        if (grant.scopes() == null) {
            throw ControlProblems.badRequest("a grant names its scopes, e.g. {\"scopes\": [\"orders:write\"]}");
        }
        commands.send(new GrantDelegationCommand(me.userId(), agentId, Set.copyOf(grant.scopes()), grant.limits(),
                grant.expiresAt()), me);
        return outcome("agentId", agentId, "scopes", grant.scopes());
    }

    @PostMapping("/orders/{orderId}/approve")
    Map<String, Object> approve(Actor caller, @PathVariable String orderId) {
        Actor me = Callers.person(caller, Scope.ORDERS_APPROVE);
        commands.send(new ApproveOrderCommand(orderId), me);
        return outcome("orderId", orderId, "decision", "APPROVED");
    }

    @PostMapping("/orders/{orderId}/decline")
    Map<String, Object> decline(Actor caller, @PathVariable String orderId,
                                @RequestBody(required = false) Reason reason) {
        Actor me = Callers.person(caller, Scope.ORDERS_APPROVE);
        commands.send(new DeclineOrderCommand(orderId, Reason.of(reason)), me);
        return outcome("orderId", orderId, "decision", "DECLINED");
    }

    static Map<String, Object> outcome(String key, Object value, String otherKey, Object otherValue) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("outcome", "ACCEPTED");
        outcome.put(key, value);
        outcome.put(otherKey, otherValue);
        return outcome;
    }

    /** Scopes to grant; limits and expiry are optional. */
    record Grant(List<String> scopes, Limits limits, Instant expiresAt) {
    }

    /** An optional sentence the audit trail keeps with the change. */
    record Reason(String reason) {
        static String of(Reason body) {
            return body == null ? null : body.reason();
        }
    }
}
