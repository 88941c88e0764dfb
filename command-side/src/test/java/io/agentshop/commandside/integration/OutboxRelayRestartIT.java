package io.agentshop.commandside.integration;

import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.order.OrderLine;
import io.agentshop.commandside.infrastructure.outbox.KafkaOutbox;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stopping the relay in the middle of a stream and starting it again loses nothing and reorders nothing. */
class OutboxRelayRestartIT extends CommandSideIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void everyEventReachesKafkaInOrderAcrossARelayRestart() {
        TrackingEventProcessor relay = processing
                .eventProcessor(KafkaOutbox.PROCESSING_GROUP, TrackingEventProcessor.class).orElseThrow();
        String userId = customerWithAgent("agent-r", generousLimits());
        String sku = productWithStock("stickers", 1_00, 1_000);

        for (int i = 0; i < 30; i++) {
            if (i == 10) {
                relay.shutDown();
            }
            send(new PlaceOrderCommand(userId, UUID.randomUUID().toString(), List.of(new OrderLine(sku, 1)),
                    "key-" + i, null), Actors.agent(userId, "agent-r"));
        }
        relay.start();

        Map<String, List<String>> stored = storedEventIds(userId, sku);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                OutboxDelivery.assertDeliveredInOrder(stored, envelopesOnKafka()));
    }

    @Test
    void theRelaysPositionIsKeptInPostgresSoARestartedNodeResumesThere() {
        assertThat(storageEngine).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM tokenentry WHERE processorname = ? AND token IS NOT NULL", Integer.class,
                KafkaOutbox.PROCESSING_GROUP) > 0);
    }

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    TokenStore tokenStore;

    private Map<String, List<String>> storedEventIds(String... aggregateIds) {
        Map<String, List<String>> stored = new LinkedHashMap<>();
        for (String aggregateId : aggregateIds) {
            stored.put(aggregateId, jdbc.queryForList("SELECT eventidentifier FROM domainevententry"
                    + " WHERE aggregateidentifier = ? ORDER BY sequencenumber", String.class, aggregateId));
        }
        return stored;
    }
}
