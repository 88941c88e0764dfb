package io.agentshop.mcpedge.queryside;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.mcpedge.identity.ShopCommands;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.util.Map;
import java.util.Optional;

/**
 * One of a user's orders, as the get_order tool and the approval page read it: as of its last stored event, whichever
 * node or person wrote it (asked of the event store, so no node has to remember what it wrote), and only when it is
 * the user's own. Another user's order is not even said to exist, whether it is shown or could not be.
 */
@Component
public class OwnOrders {

    private final ShopCommands commands;
    private final QuerySide querySide;

    public OwnOrders(ShopCommands commands, QuerySide querySide) {
        this.commands = commands;
        this.querySide = querySide;
    }

    /** Empty when there is no such order or it is another user's; the read side's own problem otherwise. */
    public Optional<JsonNode> find(String userId, String orderId) {
        long written = commands.storedPosition(orderId);
        try {
            JsonNode order = querySide.order(orderId, written == 0 ? null : written);
            return userId.equals(order.path("userId").asText()) ? Optional.of(order) : Optional.empty();
        } catch (ErrorResponseException readSide) {
            Map<String, Object> said = readSide.getBody().getProperties();
            if (readSide.getStatusCode().value() == 404
                    || isOrderNotShown(readSide) && (said == null || !userId.equals(said.get("userId")))) {
                return Optional.empty();
            }
            throw readSide;
        }
    }

    /** The read side's answer for an order that exists but whose view could not be built. */
    public static boolean isOrderNotShown(ErrorResponseException readSide) {
        return readSide.getBody().getType() != null
                && readSide.getBody().getType().toString().endsWith("/order-not-shown");
    }
}
