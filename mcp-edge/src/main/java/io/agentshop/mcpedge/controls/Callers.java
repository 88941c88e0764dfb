package io.agentshop.mcpedge.controls;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Scope;
import io.agentshop.commandside.api.Role;

/**
 * What the edge refuses before any command: a control is used by a person with their own token (never an agent's,
 * whatever that agent's user may do), holding the control's scope or role. The aggregates check again.
 */
final class Callers {

    private Callers() {
    }

    static Actor person(Actor actor, Scope scope) {
        requirePerson(actor);
        if (!actor.hasScope(scope)) {
            throw ControlProblems.missingScope(scope.value());
        }
        return actor;
    }

    /** Admins act by role; a scope is asked for only where the control is about accounts. */
    static Actor admin(Actor actor) {
        requirePerson(actor);
        if (!actor.hasRole(Role.ADMIN)) {
            throw ControlProblems.forbidden("only an admin uses this control");
        }
        return actor;
    }

    static Actor admin(Actor actor, Scope scope) {
        admin(actor);
        return person(actor, scope);
    }

    private static void requirePerson(Actor actor) {
        if (actor.isAgent()) {
            throw ControlProblems.forbidden("controls take the user's own token from the shop's console, never an"
                    + " agent's (this token belongs to client " + actor.agentId() + ")");
        }
    }
}
