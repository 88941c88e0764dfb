package io.agentshop.mcpedge.identity;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.ShopCommand;
import io.agentshop.commandside.api.account.AdmitAgentCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way the edge sends a command: with its Actor in the metadata, and for an agent after making sure the
 * user's Account knows it (an agent whose consent happened at an external identity provider is admitted on its first
 * call). A refusal comes back as {@link io.agentshop.commandside.api.CommandRefusedException}.
 */
@Component
public class ShopCommands {

    private static final int REMEMBERED_AGENTS = 10_000;

    private final CommandGateway gateway;
    /** Agents their Account already knows; only spares the admission command, the Account decides either way. */
    private final Set<String> knownAgents = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_AGENTS;
                }
            }));

    private final Duration timeout;

    public ShopCommands(CommandGateway gateway, @Value("${agentshop.commands.timeout:10s}") Duration timeout) {
        this.gateway = gateway;
        this.timeout = timeout;
    }

    public <R> R send(ShopCommand command, Actor actor) {
        if (actor.isAgent()) {
            admit(actor);
        }
        return await(command, actor);
    }

    private void admit(Actor actor) {
        String agent = actor.userId() + "\n" + actor.agentId();
        if (knownAgents.contains(agent) || actor.agentId().equals(actor.userId())) {
            return; // a machine's own client-credentials token names no user to admit it for
        }
        Boolean known = await(new AdmitAgentCommand(actor.userId(), actor.agentId()), actor);
        if (Boolean.TRUE.equals(known)) {
            knownAgents.add(agent);
        }
    }

    /** Like {@code sendAndWait}, but a command side that does not answer in time is said to, not waited for. */
    @SuppressWarnings("unchecked")
    private <R> R await(ShopCommand command, Actor actor) {
        CompletableFuture<Object> result = gateway.send(command, metaData(actor));
        try {
            return (R) result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CommandTimeoutException("the shop did not confirm within " + timeout.toSeconds() + " s; the "
                    + "change may still happen: check before retrying (an order retried with the same idempotency "
                    + "key is never placed twice)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandTimeoutException("interrupted while waiting for the shop");
        }
    }

    private static MetaData metaData(Actor actor) {
        return MetaData.with(Actor.METADATA_KEY, actor.toMetaData());
    }
}
