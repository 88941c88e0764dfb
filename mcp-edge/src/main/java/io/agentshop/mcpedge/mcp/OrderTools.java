package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.Scope;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.order.CancelOrderCommand;
import io.agentshop.commandside.api.order.OrderLine;
import io.agentshop.commandside.api.order.OrderStatus;
import io.agentshop.commandside.api.order.PlacedOrder;
import io.agentshop.mcpedge.identity.ShopCommands;
import io.agentshop.mcpedge.identity.UserDataAccess;
import io.agentshop.mcpedge.queryside.OwnOrders;
import io.agentshop.mcpedge.queryside.QuerySide;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentshop.mcpedge.mcp.Arguments.integer;
import static io.agentshop.mcpedge.mcp.Arguments.text;

/** Placing, reading and cancelling the user's orders. Writes are commands; the Account and the Order decide. */
@Component
class OrderTools implements ToolGroup {

    private final ShopCommands commands;
    private final QuerySide querySide;
    private final UserDataAccess access;
    private final ClientCapabilities capabilities;
    private final McpSettings settings;
    private final OwnOrders ownOrders;

    OrderTools(ShopCommands commands, QuerySide querySide, UserDataAccess access, ClientCapabilities capabilities,
               McpSettings settings, OwnOrders ownOrders) {
        this.commands = commands;
        this.querySide = querySide;
        this.ownOrders = ownOrders;
        this.access = access;
        this.capabilities = capabilities;
        this.settings = settings;
    }

    @Override
    public List<ShopTool> tools() {
        ToolSchemas place = ToolSchemas.of("place_order");
        ToolSchemas get = ToolSchemas.of("get_order");
        ToolSchemas list = ToolSchemas.of("list_orders");
        ToolSchemas cancel = ToolSchemas.of("cancel_order");
        return List.of(
                new ShopTool("place_order", "Place an order",
                        "Order products for the user you act for: lines of SKU and quantity (1 to 100 each), priced "
                                + "from the catalog. The user's limits for you apply; an order above their approval "
                                + "threshold waits for the user (status AWAITING_APPROVAL) at the shop's approval page "
                                + "(approvalUrl; a client that declared URL elicitation is sent there with error "
                                + "-32042). Once the user decided, retrying with the same idempotencyKey returns the "
                                + "decision. Give every new order a new idempotencyKey and reuse it only to retry the "
                                + "same order: a retry never orders twice.",
                        Scope.ORDERS_WRITE, ShopTool.writing("Place an order", false, true), place.input(),
                        place.output(), this::place),
                new ShopTool("get_order", "Get an order",
                        "One of the user's orders by id: status, lines, total, when it was placed and, while it "
                                + "awaits approval, until when.",
                        Scope.ORDERS_READ, ShopTool.readOnly("Get an order"), get.input(), get.output(), this::get),
                new ShopTool("list_orders", "List orders",
                        "The user's orders, newest first, optionally only those in one status; a page at a time "
                                + "(pass nextCursor as cursor for the next page).",
                        Scope.ORDERS_READ, ShopTool.readOnly("List orders"), list.input(), list.output(), this::list),
                new ShopTool("cancel_order", "Cancel an order",
                        "Cancel one of the user's orders before it ships; its stock goes back on the shelf. Cannot be "
                                + "undone.",
                        Scope.ORDERS_CANCEL, ShopTool.writing("Cancel an order", true, true), cancel.input(),
                        cancel.output(), this::cancel));
    }

    private Map<String, Object> place(Actor actor, JsonNode arguments) {
        List<OrderLine> lines = new ArrayList<>();
        arguments.path("lines").forEach(line -> lines.add(
                new OrderLine(line.path("sku").asText(), line.path("quantity").asInt())));
        PlacedOrder placed = commands.send(new PlaceOrderCommand(actor.userId(), UUID.randomUUID().toString(), lines,
                text(arguments, "idempotencyKey"), text(arguments, "note")), actor);
        long position = commands.storedPosition(placed.orderId());
        String status = placed.status().name();
        if (placed.replayed() && placed.status() == OrderStatus.AWAITING_APPROVAL) {
            // A retry after the user was sent to approve: what they decided since, as the order stands now.
            status = querySide.order(placed.orderId(), position).path("status").asText(status);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("orderId", placed.orderId());
        result.put("status", status);
        result.put("total", Map.of("minorUnits", placed.total().minorUnits(), "currency", placed.total().currency()));
        result.put("duplicate", placed.replayed());
        result.put("consistencyToken", position);
        if (OrderStatus.AWAITING_APPROVAL.name().equals(status)) {
            URI page = settings.approvalPage(placed.orderId());
            if (capabilities.urlElicitation(actor.tokenId())) {
                // Shown to the user by their client: what they are asked, in their words, not the agent's.
                String toTheUser = "Your agent ordered for " + money(placed) + ", more than you let it spend without"
                        + " asking. Approve or decline the order in Agent Shop.";
                throw McpError.builder(McpSchema.ErrorCodes.URL_ELICITATION_REQUIRED)
                        .message("The user must approve this order in the shop before it goes ahead; call"
                                + " place_order again with the same idempotencyKey once they have.")
                        .data(Map.of("elicitations", List.of(McpSchema.ElicitUrlRequest.builder(toTheUser,
                                page.toString(), placed.orderId()).build())))
                        .build();
            }
            result.put("approvalUrl", page.toString());
            result.put("nextStep", "Order " + placed.orderId() + " costs more than you may spend without asking:"
                    + " give the user this link to approve or decline it: " + page + " . Then call place_order again"
                    + " with the same idempotencyKey to learn their decision.");
        }
        return result;
    }

    private static String money(PlacedOrder placed) {
        return BigDecimal.valueOf(placed.total().minorUnits(), 2).toPlainString() + " "
                + placed.total().currency();
    }

    private JsonNode get(Actor actor, JsonNode arguments) {
        access.check(actor, Scope.ORDERS_READ);
        String orderId = text(arguments, "orderId");
        JsonNode order = ownOrders.find(actor.userId(), orderId).orElseThrow(() -> noSuchOrder(orderId));
        ObjectNode view = order.deepCopy();
        view.remove(List.of("position", "consistency"));
        return view;
    }

    private JsonNode list(Actor actor, JsonNode arguments) {
        access.check(actor, Scope.ORDERS_READ);
        return querySide.orders(actor.userId(), text(arguments, "status"), text(arguments, "cursor"),
                integer(arguments, "limit"));
    }

    private Map<String, Object> cancel(Actor actor, JsonNode arguments) {
        String orderId = text(arguments, "orderId");
        commands.send(new CancelOrderCommand(orderId, text(arguments, "reason")), actor);
        return Map.of("orderId", orderId, "status", "CANCELLED", "consistencyToken", commands.storedPosition(orderId));
    }

    private static CommandRefusedException noSuchOrder(String orderId) {
        return new CommandRefusedException(ReasonCode.UNKNOWN_ORDER,
                "the user has no order " + orderId + "; list_orders shows the ones they have");
    }
}
