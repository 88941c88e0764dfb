package io.agentshop.commandside.integration;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Role;
import io.agentshop.commandside.api.Scope;
import org.axonframework.messaging.MetaData;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The people and agents of the integration tests, as the edge would build them from tokens. */
final class Actors {

    static final Set<String> AGENT_SCOPES = Scope.valuesOf(Scope.CATALOG_READ, Scope.ORDERS_READ, Scope.ORDERS_WRITE,
            Scope.ORDERS_CANCEL);

    private Actors() {
    }

    static Actor agent(String userId, String agentId) {
        return new Actor(userId, agentId, List.of(), AGENT_SCOPES, Set.of(Role.CUSTOMER), Map.of(), "jti-" + agentId,
                "session-1", "place_order", "request-1", "trace-1");
    }

    static Actor person(String userId) {
        return new Actor(userId, null, List.of(), Scope.valuesOf(Scope.ACCOUNT_MANAGE, Scope.ORDERS_APPROVE, Scope.ORDERS_CANCEL),
                Set.of(Role.CUSTOMER), Map.of(), "jti-" + userId, null, "console", "request-2", "trace-2");
    }

    static Actor admin() {
        return new Actor("admin", null, List.of(), Set.of(), Set.of(Role.ADMIN), Map.of(), "jti-admin", null,
                "admin-console", "request-3", "trace-3");
    }

    static MetaData as(Actor actor) {
        return MetaData.with(Actor.METADATA_KEY, actor.toMetaData());
    }
}
