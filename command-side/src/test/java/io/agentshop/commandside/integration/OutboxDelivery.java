package io.agentshop.commandside.integration;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What "at least once, in order per aggregate" means, checked against what the event store holds. */
final class OutboxDelivery {

    private OutboxDelivery() {
    }

    /**
     * Every stored event id is on Kafka, and for each aggregate the first arrival of each event follows the stored
     * sequence (duplicates from a retried batch are allowed).
     */
    static void assertDeliveredInOrder(Map<String, List<String>> storedEventIdsByAggregate, List<JsonNode> onKafka) {
        Map<String, Set<String>> firstArrivals = new HashMap<>();
        for (JsonNode envelope : onKafka) {
            firstArrivals.computeIfAbsent(envelope.path("aggregateId").asText(), id -> new LinkedHashSet<>())
                    .add(envelope.path("eventId").asText());
        }
        storedEventIdsByAggregate.forEach((aggregateId, stored) -> {
            List<String> arrived = new ArrayList<>(firstArrivals.getOrDefault(aggregateId, Set.of()));
            assertThat(arrived).as("events of %s on Kafka, first arrivals", aggregateId)
                    .containsSubsequence(stored).containsAll(stored);
            assertThat(arrived.stream().filter(stored::contains).toList()).as("order of %s", aggregateId)
                    .containsExactlyElementsOf(stored);
        });
    }
}
