package io.agentshop.mcpedge.identity;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.ShopCommand;
import io.agentshop.commandside.api.account.AdmitAgentCommand;
import io.agentshop.commandside.infrastructure.axon.MetaDataKeys;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
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

    private final CommandGateway gateway;
    private final TraceIds traces;
    /** Agents their Account already knows; only spares the admission command, the Account decides either way. */
    private final Set<String> knownAgents = Collections.newSetFromMap(RecentEntries.map(REMEMBERED_AGENTS));

    public ShopCommands(CommandGateway gateway, TraceIds traces) {
        this.gateway = gateway;
        this.traces = traces;
    }

    public <R> R send(ShopCommand command, Actor actor) {
        if (actor.isAgent()) {
            admit(actor);
        }
        return gateway.sendAndWait(command, metaData(actor));
    }

    private void admit(Actor actor) {
        String agent = actor.userId() + "\n" + actor.agentId();
        if (knownAgents.contains(agent) || actor.agentId().equals(actor.userId())) {
            return; // a machine's own client-credentials token names no user to admit it for
        }
        Boolean known = gateway.sendAndWait(new AdmitAgentCommand(actor.userId(), actor.agentId()), metaData(actor));
        if (Boolean.TRUE.equals(known)) {
            knownAgents.add(agent);
        }
    }

    private MetaData metaData(Actor actor) {
        MetaData metaData = MetaData.with(Actor.METADATA_KEY, actor.toMetaData());
        String traceparent = traces.currentTraceparent();
        return traceparent == null ? metaData : metaData.and(MetaDataKeys.TRACEPARENT, traceparent);
    }
}
