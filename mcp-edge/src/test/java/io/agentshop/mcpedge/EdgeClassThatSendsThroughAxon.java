package io.agentshop.mcpedge;

import io.agentshop.commandside.infrastructure.axon.StoredPositions;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * A deliberate offender (test code only): it goes around the command side's door, with Axon's gateway and the
 * command side's own event-store query.
 */
public class EdgeClassThatSendsThroughAxon {

    public long sendAndLocate(CommandGateway gateway, StoredPositions positions, Object command, String orderId) {
        gateway.sendAndWait(command);
        return positions.lastPositionOf(orderId);
    }
}
