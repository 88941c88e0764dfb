package io.agentshop.commandside.integration;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.account.ChangeAccountModeCommand;
import io.agentshop.commandside.api.account.Mode;
import io.agentshop.commandside.api.account.OpenAccountCommand;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.order.CancelOrderCommand;
import io.agentshop.commandside.api.order.OrderLine;
import io.agentshop.commandside.api.order.OrderStatus;
import io.agentshop.commandside.api.order.PlacedOrder;
import io.agentshop.commandside.api.product.ReserveStockCommand;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PlacementIT extends CommandSideIntegrationTest {

    @Test
    void anAcceptedOrderIsStoredBeforeTheCallerHearsOkAndReachesKafkaInTheEnvelope() {
        String userId = customerWithAgent("agent-a", generousLimits());
        String sku = productWithStock("apparel", 19_90, 5);
        String orderId = UUID.randomUUID().toString();

        PlacedOrder placed = send(new PlaceOrderCommand(userId, orderId, List.of(new OrderLine(sku, 2)), "key-1", null),
                Actors.agent(userId, "agent-a"));

        assertThat(placed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(placed.total().minorUnits()).isEqualTo(2 * 19_90);
        // Guarantee 1: durable in PostgreSQL before the caller heard "ok" (no waiting here).
        assertThat(storedPayloadTypes(orderId)).containsExactly("OrderPlaced", "OrderConfirmed");
        assertThat(storedPayloadTypes(sku)).containsExactly("ProductAdded", "StockReserved");
        assertThat(storedPayloadTypes(userId)).contains("OrderAuthorized");

        List<JsonNode> envelopes = awaitEnvelopes(aboutAggregate(orderId), 2);
        assertThat(envelopes).extracting(e -> e.path("type").asText()).containsExactly("OrderPlaced", "OrderConfirmed");
        JsonNode first = envelopes.get(0);
        assertThat(first.path("eventId").asText()).isNotBlank();
        assertThat(first.path("envelopeVersion").asInt()).isEqualTo(1);
        assertThat(first.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(first.path("aggregateType").asText()).isEqualTo("Order");
        assertThat(first.path("sequence").asLong()).isZero();
        assertThat(envelopes.get(1).path("sequence").asLong()).isEqualTo(1);
        assertThat(envelopes.get(1).path("globalPosition").asLong())
                .isGreaterThan(first.path("globalPosition").asLong());
        assertThat(first.path("occurredAt").asText()).isNotBlank();
        assertThat(first.at("/actor/userId").asText()).isEqualTo(userId);
        assertThat(first.at("/actor/agentId").asText()).isEqualTo("agent-a");
        assertThat(first.at("/actor/toolName").asText()).isEqualTo("place_order");
        assertThat(first.at("/actor/tokenId").asText()).isEqualTo("jti-agent-a");
        assertThat(first.path("correlationId").asText()).isNotBlank()
                .isEqualTo(envelopes.get(1).path("correlationId").asText());
        assertThat(first.path("causationId").asText()).isEqualTo(first.path("correlationId").asText());
        assertThat(first.at("/payload/total/minorUnits").asLong()).isEqualTo(2 * 19_90);
        JsonNode stockReserved = awaitEnvelopes(aboutAggregate(sku).and(e -> e.path("type").asText()
                .equals("StockReserved")), 1).get(0);
        assertThat(stockReserved.path("correlationId").asText()).as("stock taken within the same tool call")
                .isEqualTo(first.path("correlationId").asText());
        assertThat(stockReserved.at("/actor/agentId").asText()).isEqualTo("agent-a");
        assertThat(first.at("/payload/lines/0/unitPrice/minorUnits").asLong()).isEqualTo(19_90);
    }

    @Test
    void aBannedAccountsOrderIsRefusedRecordedAndChangesNothing() {
        String userId = customerWithAgent("agent-b", generousLimits());
        String sku = productWithStock("apparel", 10_00, 3);
        send(new ChangeAccountModeCommand(userId, Mode.BANNED, "chargeback fraud"), Actors.admin());
        String orderId = UUID.randomUUID().toString();

        CommandRefusedException refused = catchThrowableOfType(() -> send(new PlaceOrderCommand(userId, orderId,
                List.of(new OrderLine(sku, 1)), "key-1", null), Actors.agent(userId, "agent-b")),
                CommandRefusedException.class);

        assertThat(refused.reason()).isEqualTo(ReasonCode.ACCOUNT_BANNED);
        assertThat(storedPayloadTypes(orderId)).isEmpty();
        assertThat(storedPayloadTypes(sku)).containsExactly("ProductAdded");
        assertThat(rejectionsStoredFor(userId, ReasonCode.ACCOUNT_BANNED)).isEqualTo(1);
        JsonNode rejection = awaitEnvelopes(aboutAggregate(userId).and(e -> e.path("type").asText()
                .equals("CommandRejected")), 1).get(0);
        assertThat(rejection.path("aggregateType").asText()).isEqualTo("Account");
        assertThat(rejection.at("/payload/commandType").asText()).isEqualTo("PlaceOrderCommand");
        assertThat(rejection.at("/payload/reason").asText()).isEqualTo("ACCOUNT_BANNED");
        assertThat(rejection.at("/payload/sentence").asText()).contains("banned");
        assertThat(rejection.at("/actor/agentId").asText()).isEqualTo("agent-b");
        assertThat(rejection.path("sequence").isNull()).isTrue();
    }

    @Test
    void anOrderWhoseNoteHoldsANulIsRefusedBeforeTheAccountIsTouchedAndNothingIsOrdered() {
        String userId = customerWithAgent("agent-n", generousLimits());
        String sku = productWithStock("apparel", 10_00, 3);
        String orderId = UUID.randomUUID().toString();
        List<String> before = storedPayloadTypes(userId);

        CommandRefusedException refused = catchThrowableOfType(() -> send(new PlaceOrderCommand(userId, orderId,
                List.of(new OrderLine(sku, 1)), "key-nul", "a\u0000b"), Actors.agent(userId, "agent-n")),
                CommandRefusedException.class);

        assertThat(refused.reason()).isEqualTo(ReasonCode.INVALID_COMMAND);
        assertThat(refused.sentence()).startsWith("note holds the control character U+0000");
        assertThat(storedPayloadTypes(userId)).isEqualTo(before);
        assertThat(storedPayloadTypes(orderId)).isEmpty();
        assertThat(storedPayloadTypes(sku)).containsExactly("ProductAdded");
        assertThat(rejectionsStoredFor(userId, ReasonCode.INVALID_COMMAND)).isEqualTo(1);
    }

    @Test
    void aCommandWithoutAnActorIsRefusedAndTheRefusalRecorded() {
        String userId = "user-" + UUID.randomUUID();

        CommandRefusedException refused = catchThrowableOfType(
                () -> commands.sendAndWait(new OpenAccountCommand(userId)), CommandRefusedException.class);

        assertThat(refused.reason()).isEqualTo(ReasonCode.ACTOR_MISSING);
        assertThat(storedPayloadTypes(userId)).isEmpty();
        assertThat(rejectionsStoredFor(userId, ReasonCode.ACTOR_MISSING)).isEqualTo(1);
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheSameOrderAndTakesStockOnce() {
        String userId = customerWithAgent("agent-c", generousLimits());
        String sku = productWithStock("kitchen", 5_00, 10);
        PlaceOrderCommand order = new PlaceOrderCommand(userId, UUID.randomUUID().toString(),
                List.of(new OrderLine(sku, 3)), "retry-key", "please gift wrap");
        PlaceOrderCommand retry = new PlaceOrderCommand(userId, UUID.randomUUID().toString(),
                List.of(new OrderLine(sku, 1), new OrderLine(sku, 2)), "retry-key", "please gift wrap");

        PlacedOrder first = send(order, Actors.agent(userId, "agent-c"));
        PlacedOrder second = send(retry, Actors.agent(userId, "agent-c"));

        assertThat(second.orderId()).isEqualTo(first.orderId());
        assertThat(second.replayed()).isTrue();
        assertThat(storedPayloadTypes(sku)).containsExactly("ProductAdded", "StockReserved");
        assertThat(storedPayloadTypes(retry.orderId())).isEmpty();
    }

    /** Aggregates stay cached between commands: a refusal must leave no half-taken stock in the cached Product. */
    @Test
    void aLineOutOfStockRefusesTheWholeOrderAndTheOtherLinesStockIsStillThere() {
        String userId = customerWithAgent("agent-f", generousLimits());
        String skus = "T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        // An order's lines are reserved in SKU order: the plentiful one first, then the one that runs out.
        String plenty = productWithStock(skus + "-A", "kitchen", 2_00, 5);
        String scarce = productWithStock(skus + "-B", "kitchen", 3_00, 1);
        send(new PlaceOrderCommand(userId, UUID.randomUUID().toString(), List.of(new OrderLine(plenty, 1)), "warm",
                null), Actors.agent(userId, "agent-f"));

        CommandRefusedException refused = catchThrowableOfType(() -> send(new PlaceOrderCommand(userId,
                UUID.randomUUID().toString(), List.of(new OrderLine(plenty, 2), new OrderLine(scarce, 2)), "both",
                null), Actors.agent(userId, "agent-f")), CommandRefusedException.class);
        PlacedOrder rest = send(new PlaceOrderCommand(userId, UUID.randomUUID().toString(),
                List.of(new OrderLine(plenty, 4)), "rest", null), Actors.agent(userId, "agent-f"));

        assertThat(refused.reason()).isEqualTo(ReasonCode.OUT_OF_STOCK);
        assertThat(rest.replayed()).isFalse();
        assertThat(storedPayloadTypes(plenty)).containsExactly("ProductAdded", "StockReserved", "StockReserved");
        assertThat(storedPayloadTypes(scarce)).containsExactly("ProductAdded");
    }

    @Test
    void anUnknownSkuIsRefusedAndNothingIsReserved() {
        String userId = customerWithAgent("agent-d", generousLimits());
        String sku = productWithStock("apparel", 10_00, 3);

        CommandRefusedException refused = catchThrowableOfType(() -> send(new PlaceOrderCommand(userId,
                UUID.randomUUID().toString(), List.of(new OrderLine(sku, 1), new OrderLine("NO-SUCH-SKU", 1)), "k",
                null), Actors.agent(userId, "agent-d")), CommandRefusedException.class);

        assertThat(refused.reason()).isEqualTo(ReasonCode.UNKNOWN_SKU);
        assertThat(storedPayloadTypes(sku)).containsExactly("ProductAdded");
        assertThat(storedPayloadTypes(userId)).doesNotContain("OrderAuthorized");
    }

    @Test
    void anOrderForAUserWithoutAnAccountIsRefusedAsAccountUnknown() {
        String userId = "user-" + UUID.randomUUID();

        CommandRefusedException refused = catchThrowableOfType(() -> send(new PlaceOrderCommand(userId,
                UUID.randomUUID().toString(), List.of(new OrderLine("MUG-LOGO", 1)), "k", null),
                Actors.agent(userId, "agent-u")), CommandRefusedException.class);

        assertThat(refused.reason()).isEqualTo(ReasonCode.ACCOUNT_UNKNOWN);
        assertThat(rejectionsStoredFor(userId, ReasonCode.ACCOUNT_UNKNOWN)).isEqualTo(1);
    }

    @Test
    void cancellingAnOrderThatDoesNotExistIsRefusedAsUnknownOrder() {
        String userId = customerWithAgent("agent-v", generousLimits());
        String orderId = UUID.randomUUID().toString();

        CommandRefusedException refused = catchThrowableOfType(() -> send(new CancelOrderCommand(orderId, "oops"),
                Actors.agent(userId, "agent-v")), CommandRefusedException.class);

        assertThat(refused.reason()).isEqualTo(ReasonCode.UNKNOWN_ORDER);
        assertThat(rejectionsStoredFor(orderId, ReasonCode.UNKNOWN_ORDER)).isEqualTo(1);
    }

    @Test
    void stockCannotBeTakenWithoutAnOrder() {
        String sku = productWithStock("apparel", 10_00, 3);

        CommandRefusedException refused = catchThrowableOfType(() -> send(new ReserveStockCommand(sku,
                "no-such-order", 3), Actors.admin()), CommandRefusedException.class);

        assertThat(refused.reason()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        assertThat(storedPayloadTypes(sku)).containsExactly("ProductAdded");
    }

    private int rejectionsStoredFor(String targetId, ReasonCode reason) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%CommandRejected'"
                        + " AND convert_from(payload, 'UTF8')::jsonb ->> 'targetId' = ?"
                        + " AND convert_from(payload, 'UTF8')::jsonb ->> 'reason' = ?",
                Integer.class, targetId, reason.name());
    }
}
