package io.agentshop.commandside.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.order.CancelOrderCommand;
import io.agentshop.commandside.api.order.OrderLine;
import io.agentshop.commandside.api.order.PlacedOrder;
import io.agentshop.commandside.contract.EventContract;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory written by an older build keeps working: events stored by the Spring Boot 3.5 build (Jackson 2,
 * Axon 4.13; {@code fixtures/event-store-boot3.json}, rows exactly as that build wrote them) are loaded into the event
 * store, the aggregates are replayed from them (a retried order finds its placement, the order can be cancelled, the
 * product's stock goes on from where it was) and the outbox publishes them as envelopes of the same ids and content.
 */
class StoredEventsCompatibilityIT extends CommandSideIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eventsStoredByTheBoot3BuildAreReplayedAndPublished() throws Exception {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/event-store-boot3.json")) {
            fixture = JSON.readTree(in);
        }
        String userId = fixture.path("userId").asText();
        String orderId = fixture.path("orderId").asText();
        String sku = fixture.path("sku").asText();
        List<String> eventIds = new ArrayList<>();
        for (JsonNode row : fixture.path("rows")) {
            jdbc.update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,"
                            + " metadata, payload, payloadrevision, payloadtype, timestamp)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row.path("aggregateIdentifier").asText(),
                    row.path("sequenceNumber").isNull() ? null : row.path("sequenceNumber").asLong(),
                    row.path("type").isNull() ? null : row.path("type").asText(), row.path("eventIdentifier").asText(),
                    row.path("metaData").asText().getBytes(StandardCharsets.UTF_8),
                    row.path("payload").asText().getBytes(StandardCharsets.UTF_8),
                    row.path("payloadRevision").isNull() ? null : row.path("payloadRevision").asText(),
                    row.path("payloadType").asText(), row.path("timeStamp").asText());
            eventIds.add(row.path("eventIdentifier").asText());
        }

        PlacedOrder retried = send(new PlaceOrderCommand(userId, java.util.UUID.randomUUID().toString(),
                List.of(new OrderLine(sku, 2)), fixture.path("idempotencyKey").asText(), "a note from the 3.5 build"),
                Actors.agent(userId, fixture.path("agentId").asText()));
        assertThat(retried.replayed()).as("the Account was replayed with its placements").isTrue();
        assertThat(retried.orderId()).isEqualTo(orderId);
        assertThat(retried.total().minorUnits()).isEqualTo(fixture.path("total").asLong());

        send(new CancelOrderCommand(orderId, "checking an old order"), Actors.agent(userId, fixture.path("agentId").asText()));
        assertThat(storedPayloadTypes(orderId)).endsWith("OrderCancelled");
        assertThat(storedPayloadTypes(sku)).endsWith("StockReleased");

        List<JsonNode> published = awaitEnvelopes(envelope -> eventIds.contains(envelope.path("eventId").asText()),
                eventIds.size());
        assertThat(published).extracting(envelope -> envelope.path("eventId").asText())
                .containsExactlyInAnyOrderElementsOf(eventIds);
        JsonNode placed = published.stream().filter(envelope -> envelope.path("type").asText().equals("OrderPlaced"))
                .findFirst().orElseThrow();
        assertThat(placed.at("/payload/note").asText()).isEqualTo("a note from the 3.5 build");
        assertThat(placed.at("/payload/total/minorUnits").asLong()).isEqualTo(fixture.path("total").asLong());
        assertThat(placed.at("/actor/agentId").asText()).isEqualTo(fixture.path("agentId").asText());
        // Stored as version 1 (no agentName): published as the current record, which says what the contract says.
        JsonNode granted = published.stream().filter(envelope -> envelope.path("type").asText()
                .equals("DelegationGranted")).findFirst().orElseThrow();
        assertThat(granted.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(granted.path("payload").has("agentName")).as("%s", granted).isTrue();
        assertThat(granted.at("/payload/agentName").isNull()).isTrue();
        for (JsonNode envelope : published) {
            assertThat(EventContract.validate(envelope)).as("%s", envelope).isEmpty();
        }
    }
}
