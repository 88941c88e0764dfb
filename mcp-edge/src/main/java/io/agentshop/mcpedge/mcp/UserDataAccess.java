package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.mcpedge.queryside.QuerySide;
import org.springframework.stereotype.Component;

/**
 * Reads of a user's own data are not commands, so no aggregate checks them; the edge refuses them by the same rules
 * the Account applies to writes: nothing for a banned account, nothing for a revoked agent. It decides from the read
 * side's view of the account, which trails the event store by moments.
 */
@Component
class UserDataAccess {

    private final QuerySide querySide;

    UserDataAccess(QuerySide querySide) {
        this.querySide = querySide;
    }

    void check(Actor actor) {
        // No account yet: nothing to read, nothing to refuse.
        querySide.accountIfAny(actor.userId()).ifPresent(account -> refuseIfBarred(actor, account));
    }

    private static void refuseIfBarred(Actor actor, JsonNode account) {
        if ("BANNED".equals(account.path("mode").asText())) {
            throw new CommandRefusedException(ReasonCode.ACCOUNT_BANNED,
                    "this account is banned; nothing can be done for it until an admin lifts the ban");
        }
        if (actor.isAgent()) {
            for (JsonNode delegation : account.path("delegations")) {
                if (actor.agentId().equals(delegation.path("agentId").asText())
                        && delegation.path("revoked").asBoolean()) {
                    throw new CommandRefusedException(ReasonCode.DELEGATION_REVOKED,
                            "the user revoked this agent's access; ask the user to grant it again if they want");
                }
            }
        }
    }
}
