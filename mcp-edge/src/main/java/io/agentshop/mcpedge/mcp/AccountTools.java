package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Scope;
import io.agentshop.mcpedge.identity.UserDataAccess;
import io.agentshop.mcpedge.queryside.QuerySide;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Who the agent is, for whom it acts, and what it may do: from its token and the user's account. */
@Component
class AccountTools implements ToolGroup {

    private final QuerySide querySide;
    private final UserDataAccess access;

    AccountTools(QuerySide querySide, UserDataAccess access) {
        this.querySide = querySide;
        this.access = access;
    }

    @Override
    public List<ShopTool> tools() {
        ToolSchemas whoami = ToolSchemas.of("whoami");
        return List.of(new ShopTool("whoami", "Who am I",
                "Who you act for and what you may do: the user, your client id, your token's scopes, the account's "
                        + "mode (ACTIVE, READ_ONLY, BANNED) and the user's delegation to you: scopes, limits, what "
                        + "you spent today, whether it was revoked. Call it first, and when a call is refused.",
                Scope.ACCOUNT_READ, ShopTool.readOnly("Who am I"), whoami.input(), whoami.output(), this::whoami));
    }

    private Map<String, Object> whoami(Actor actor, JsonNode arguments) {
        access.check(actor, Scope.ACCOUNT_READ);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("userId", actor.userId());
        me.put("agentId", actor.agentId());
        me.put("actorChain", actor.actorChain());
        me.put("scopes", new TreeSet<>(actor.scopes()));
        me.put("roles", new TreeSet<>(actor.roles()));
        JsonNode account = querySide.accountIfAny(actor.userId()).orElse(null);
        me.put("accountMode", account == null ? "UNKNOWN" : account.path("mode").asText());
        me.put("delegation", null);
        if (account != null && actor.isAgent()) {
            for (JsonNode delegation : account.path("delegations")) {
                if (actor.agentId().equals(delegation.path("agentId").asText())) {
                    me.put("delegation", delegation);
                }
            }
        }
        return me;
    }
}
