package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.Role;
import io.agentshop.commandside.api.Scope;
import io.agentshop.mcpedge.identity.UserDataAccess;
import io.agentshop.mcpedge.queryside.QuerySide;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.agentshop.mcpedge.mcp.Arguments.integer;
import static io.agentshop.mcpedge.mcp.Arguments.text;

/**
 * For auditors and their agents: who did what, for whom, and was it allowed. An auditor's agent reads the audit trail
 * only with the {@code audit:read} its auditor consented to, and only while the auditor's Account lets it act (a
 * revocation or a ban holds from the next call); a role alone gives an agent nothing.
 */
@Component
class AuditTools implements ToolGroup {

    private final QuerySide querySide;
    private final UserDataAccess access;

    AuditTools(QuerySide querySide, UserDataAccess access) {
        this.querySide = querySide;
        this.access = access;
    }

    @Override
    public List<ShopTool> tools() {
        ToolSchemas search = ToolSchemas.of("audit_search");
        return List.of(new ShopTool("audit_search", "Search the audit trail",
                "Auditors only: the tamper-evident record of every attempt, accepted or refused, with who acted "
                        + "(user, agent, tool), for whom, the outcome and the reason. Filter by user, agent, outcome, "
                        + "reason code and time; a page at a time.",
                Scope.AUDIT_READ, ShopTool.readOnly("Search the audit trail"), search.input(), search.output(),
                this::search));
    }

    private JsonNode search(Actor actor, JsonNode arguments) {
        access.check(actor, Scope.AUDIT_READ);
        if (!actor.hasRole(Role.AUDITOR)) {
            throw new CommandRefusedException(ReasonCode.NOT_AUTHORIZED,
                    "the audit trail is for auditors; the user you act for is not one");
        }
        Map<String, Object> filter = new LinkedHashMap<>();
        for (String name : List.of("user", "agent", "targetId", "action", "outcome", "reason", "from", "to", "cursor")) {
            filter.put(name, text(arguments, name));
        }
        filter.put("limit", integer(arguments, "limit"));
        return querySide.auditRecords(filter);
    }
}
