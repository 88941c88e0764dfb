package io.agentshop.mcpedge.identity;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandSide;
import io.agentshop.commandside.api.ShopCommand;
import io.agentshop.commandside.api.account.AdmitAgentCommand;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.Set;

/**
 * The one way the edge sends a command: with its Actor in the metadata, and for an agent after making sure the
 * user's Account knows it (an agent whose consent happened at an external identity provider is admitted on its first
 * call). A refusal comes back as {@link io.agentshop.commandside.api.CommandRefusedException}. The command runs on
 * the caller's thread; PostgreSQL's lock and statement timeouts (application.yml) bound how long it can hang.
 */
@Component
public class ShopCommands {

    private static final int REMEMBERED_AGENTS = 10_000;

    private final CommandSide commandSide;
    private final TraceIds traces;
    /** Agents their Account already knows; only spares the admission command, the Account decides either way. */
    private final Set<String> knownAgents = Collections.newSetFromMap(RecentEntries.map(REMEMBERED_AGENTS));

    public ShopCommands(CommandSide commandSide, TraceIds traces) {
        this.commandSide = commandSide;
        this.traces = traces;
    }

    public <R> R send(ShopCommand command, Actor actor) {
        if (actor.isAgent()) {
            admit(actor);
        }
        return commandSide.send(command, actor, traces.currentTraceparent());
    }

    private void admit(Actor actor) {
        String agent = actor.userId() + "\n" + actor.agentId();
        if (knownAgents.contains(agent) || actor.agentId().equals(actor.userId())) {
            return; // a machine's own client-credentials token names no user to admit it for
        }
        Boolean known = commandSide.send(new AdmitAgentCommand(actor.userId(), actor.agentId()), actor,
                traces.currentTraceparent());
        if (Boolean.TRUE.equals(known)) {
            knownAgents.add(agent);
        }
    }

    /** Where the aggregate's last stored event sits: what the next read of it waits for (read-your-writes). */
    public long storedPosition(String aggregateId) {
        return commandSide.storedPosition(aggregateId);
    }
}
