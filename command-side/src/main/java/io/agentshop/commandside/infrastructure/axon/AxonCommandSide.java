package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandSide;
import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;

/** The command side's door ({@link CommandSide}) as Axon opens it: the Actor and the trace in the command's metadata. */
public class AxonCommandSide implements CommandSide {

    private final CommandGateway gateway;
    private final StoredPositions positions;

    public AxonCommandSide(CommandGateway gateway, StoredPositions positions) {
        this.gateway = gateway;
        this.positions = positions;
    }

    @Override
    public <R> R send(ShopCommand command, Actor actor, String traceparent) {
        MetaData metaData = MetaData.with(Actor.METADATA_KEY, actor.toMetaData());
        return gateway.sendAndWait(command, traceparent == null ? metaData
                : metaData.and(MetaDataKeys.TRACEPARENT, traceparent));
    }

    @Override
    public long storedPosition(String aggregateId) {
        return positions.lastPositionOf(aggregateId);
    }
}
