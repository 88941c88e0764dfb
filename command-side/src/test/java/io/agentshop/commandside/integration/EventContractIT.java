package io.agentshop.commandside.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.account.ChangeAccountModeCommand;
import io.agentshop.commandside.api.account.ChangeDelegationLimitsCommand;
import io.agentshop.commandside.api.account.Limits;
import io.agentshop.commandside.api.account.Mode;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.account.RevokeDelegationCommand;
import io.agentshop.commandside.api.order.ApproveOrderCommand;
import io.agentshop.commandside.api.order.CancelOrderCommand;
import io.agentshop.commandside.api.order.DeclineOrderCommand;
import io.agentshop.commandside.api.order.ExpireOrderApprovalCommand;
import io.agentshop.commandside.api.order.OrderLine;
import io.agentshop.commandside.api.order.PlacedOrder;
import io.agentshop.commandside.api.order.ShipOrderCommand;
import io.agentshop.commandside.api.product.RestockProductCommand;
import io.agentshop.commandside.contract.EventContract;
import io.agentshop.commandside.infrastructure.axon.MetaDataKeys;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every event type the command side can publish, as it lands on Kafka, matches the contract in event-contract/. */
class EventContractIT extends CommandSideIntegrationTest {

    @Autowired
    TestClock clock;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    @Autowired
    ObjectMapper json;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void everyPublishedEventTypeMatchesItsSchema() {
        Limits limits = new Limits(Money.of(500_00, "EUR"), Money.of(5_000_00, "EUR"), Set.of(), Money.of(30_00, "EUR"));
        String userId = customerWithAgent("agent-x", limits);
        Actor agent = Actors.agent(userId, "agent-x");
        Actor person = Actors.person(userId);
        String sku = productWithStock("apparel", 20_00, 50);
        send(new RestockProductCommand(sku, 5), Actors.admin());
        send(new ChangeDelegationLimitsCommand(userId, "agent-x", limits), person);

        String shipped = place(userId, sku, 1, agent).orderId();
        send(new ShipOrderCommand(shipped), Actors.admin());
        String cancelled = place(userId, sku, 1, agent).orderId();
        send(new CancelOrderCommand(cancelled, "changed my mind"), agent);
        String approved = place(userId, sku, 2, agent).orderId();
        send(new ApproveOrderCommand(approved), person);
        String declined = place(userId, sku, 2, agent).orderId();
        send(new DeclineOrderCommand(declined, "too expensive"), person);
        String expired = place(userId, sku, 2, agent).orderId();
        clock.advance(Duration.ofHours(25));
        send(new ExpireOrderApprovalCommand(expired), Actor.system("test"));
        clock.reset();
        send(new RevokeDelegationCommand(userId, "agent-x", "lost phone"), person);
        assertThatThrownBy(() -> place(userId, sku, 1, agent)).isInstanceOf(CommandRefusedException.class);
        send(new ChangeAccountModeCommand(userId, Mode.READ_ONLY, "audit in progress"), Actors.admin());

        Set<String> aggregates = Set.of(userId, sku, shipped, cancelled, approved, declined, expired);
        Set<String> expectedTypes = EventContract.eventTypes().stream().map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        List<JsonNode> envelopes = awaitEnvelopes(e -> aggregates.contains(e.path("aggregateId").asText()), 26);

        Set<String> seenTypes = envelopes.stream().map(e -> e.path("type").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(seenTypes).containsExactlyElementsOf(expectedTypes);
        for (JsonNode envelope : envelopes) {
            assertThat(EventContract.validate(envelope)).as("%s", envelope).isEmpty();
        }
    }

    /**
     * The relay copies the stored JSON into the envelope instead of building it from the event's record: what it
     * publishes must still be the record's JSON (as the store's reader and the code's own mapper see it) and the
     * Actor, correlation, causation and time the event carries: events of an Account, a Product and two Orders
     * (approval, decline, a cancel whose reason has quotes, a backslash and an accent), and a refusal.
     */
    @Test
    void everyEnvelopeCarriesItsEventsRecordAndMetadataAsTheCodeSeesThem() throws Exception {
        Limits limits = new Limits(Money.of(500_00, "EUR"), Money.of(5_000_00, "EUR"), Set.of(), Money.of(30_00, "EUR"));
        String userId = customerWithAgent("agent-y", limits);
        Actor agent = Actors.agent(userId, "agent-y");
        String sku = productWithStock("apparel", 20_00, 50);
        String awaiting = place(userId, sku, 2, agent).orderId();
        send(new DeclineOrderCommand(awaiting, "not now"), Actors.person(userId));
        String cancelled = place(userId, sku, 1, agent).orderId();
        send(new CancelOrderCommand(cancelled, "a note with \"quotes\", \\ and \u00e9"), agent);
        send(new RevokeDelegationCommand(userId, "agent-y", "done"), Actors.person(userId));
        assertThatThrownBy(() -> place(userId, sku, 1, agent)).isInstanceOf(CommandRefusedException.class);

        Set<String> aggregates = Set.of(userId, sku, awaiting, cancelled);
        // Every event stored about them, and the refusal (stored under an id of its own, published as the Account's).
        int published = 1 + jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier"
                + " IN (?, ?, ?, ?)", Integer.class, userId, sku, awaiting, cancelled);
        List<JsonNode> envelopes = awaitEnvelopes(e -> aggregates.contains(e.path("aggregateId").asText()), published);
        assertThat(envelopes).hasSize(published);

        assertThat(envelopes).extracting(e -> e.path("type").asText())
                .contains("OrderAwaitingApproval", "OrderDeclined", "OrderCancelled", "DelegationRevoked",
                        "CommandRejected");
        for (JsonNode envelope : envelopes) {
            String eventId = envelope.path("eventId").asText();
            Stored stored = storedEvent(eventId);
            // As a reader maps it: the same record (a set's order is not part of the event; numbers are numbers).
            assertThat(json.treeToValue(envelope.path("payload"), stored.payload().getClass()))
                    .as("payload of %s", envelope.path("type").asText()).isEqualTo(stored.payload());
            assertThat(Actor.fromMetaData(Map.of(Actor.METADATA_KEY, json.convertValue(envelope.path("actor"),
                    Map.class)))).as("actor of %s", envelope.path("type").asText())
                    .isEqualTo(Actor.fromMetaData(stored.metaData()));
            assertThat(envelope.path("correlationId").asText())
                    .isEqualTo(stored.metaData().get(MetaDataKeys.CORRELATION));
            assertThat(envelope.path("causationId").asText())
                    .isEqualTo(stored.metaData().get(MetaDataKeys.CAUSATION));
            assertThat(envelope.path("occurredAt").asText()).isEqualTo(stored.timestamp().toString());
        }
    }

    /** The event as Axon's serializer reads it back from its row: the record, the metadata, the time. */
    private Stored storedEvent(String eventId) {
        return jdbc.queryForObject("SELECT payload, payloadtype, payloadrevision, metadata, timestamp"
                + " FROM domainevententry WHERE eventidentifier = ?", (row, n) -> {
            Object payload = eventSerializer.deserialize(new SimpleSerializedObject<>(row.getBytes(1), byte[].class,
                    row.getString(2), row.getString(3)));
            MetaData metaData = eventSerializer.deserialize(new SimpleSerializedObject<>(row.getBytes(4), byte[].class,
                    MetaData.class.getName(), null));
            return new Stored(payload, metaData, Instant.parse(row.getString(5)));
        }, eventId);
    }

    private record Stored(Object payload, MetaData metaData, Instant timestamp) {
    }

    private PlacedOrder place(String userId, String sku, int quantity, Actor agent) {
        return send(new PlaceOrderCommand(userId, UUID.randomUUID().toString(), List.of(new OrderLine(sku, quantity)),
                UUID.randomUUID().toString(), null), agent);
    }
}
