package io.agentshop.queryside.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentshop.infra.testsupport.TestStacks;
import io.agentshop.queryside.EventsOnKafka;
import io.agentshop.queryside.QuerySideIntegrationTest;
import io.agentshop.queryside.contract.ContractPayloads;
import io.agentshop.queryside.events.Storable;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.spring.JqwikSpringSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever text an event holds, it passes through Kafka into every projection and the audit store, and the chain
 * verifies (the command side now refuses such text, TextPolicyProperties; an older build stored it). For each try:
 * one event of every type of the contract, every free string the generated text (all of Unicode, control characters
 * and unpaired surrogates among it, 0 to 10,000 code points), every identifier a generated one of up to 200 (the
 * longest the command side ever took); then none is set aside, no partition stops, the audit store keeps each record's
 * exact bytes, and the verifier finds the chain intact.
 */
@JqwikSpringSupport
class EveryTextReachesEveryProjectionIT extends QuerySideIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    @Qualifier("auditJdbc")
    JdbcTemplate audit;

    @Autowired
    @Qualifier("readModelsJdbc")
    JdbcTemplate readModels;


    @Property(tries = 25, seed = "20261130")
    void anEventOfEveryTypeWithAnyTextIsAppliedEverywhereAndKeptExactly(@ForAll("text") String text,
                                                                         @ForAll("identifier") String identifier)
            throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        List<ObjectNode> envelopes = new ArrayList<>();
        for (String type : ContractPayloads.types()) {
            // An identifier of its own per event and field, so aggregates do not collide across tries.
            ObjectNode payload = ContractPayloads.payload(type, field -> text, field -> identifier + unique + field);
            String aggregateId = identifier + unique + type;
            envelopes.add(EventsOnKafka.envelope(type, aggregateTypeOf(type), aggregateId, 0, identifier + unique,
                    "agent-" + identifier + unique, text, payload));
        }
        EventsOnKafka.publish(TOPIC, envelopes);
        List<String> eventIds = envelopes.stream().map(envelope -> envelope.path("eventId").asText()).toList();

        await().atMost(Duration.ofSeconds(60)).until(() -> exactBytes(eventIds).size() == eventIds.size());
        Map<String, byte[]> kept = exactBytes(eventIds);
        for (ObjectNode envelope : envelopes) {
            assertThat(kept.get(envelope.path("eventId").asText())).as(envelope.path("type").asText())
                    .isEqualTo(JSON.writeValueAsBytes(envelope));
        }
        Map<Integer, Long> published = endOffsets();
        for (String readModel : List.of("orders", "catalog", "accounts")) {
            await(readModel).atMost(Duration.ofSeconds(60)).until(() -> caughtUp(readModel, published));
        }
        assertThat(readModels.queryForObject("SELECT count(*) FROM dead_letters WHERE record_key = ANY (?)",
                Integer.class, (Object) envelopes.stream().map(e -> Storable.text(e.path("aggregateId").asText()))
                        .toArray(String[]::new))).as("nothing set aside").isZero();
        assertThat(audit.queryForObject("SELECT count(*) FROM consumer_stalls", Integer.class)).isZero();
        assertThat(readModels.queryForObject("SELECT count(*) FROM consumer_stalls", Integer.class)).isZero();
        assertThat(verifyAudit().intact()).isTrue();
    }

    /** All of Unicode by code point, surrogates alone included, up to 10,000 of them. */
    @Provide
    Arbitrary<String> text() {
        return codePoints(10_000);
    }

    @Provide
    Arbitrary<String> identifier() {
        return codePoints(200);
    }

    private static Arbitrary<String> codePoints(int max) {
        Arbitrary<Integer> any = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 0x10FFFF)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0x9F)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xD800, 0xDFFF)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0x20, 0x7E)));
        return any.list().ofMaxSize(max).map(points -> {
            StringBuilder text = new StringBuilder();
            points.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    /** Whether the read model's stored offsets have reached the ends the topic had once the try's events were sent. */
    private boolean caughtUp(String readModel, Map<Integer, Long> ends) {
        Map<Integer, Long> stored = new HashMap<>();
        readModels.query("SELECT partition, next_offset FROM consumer_offsets WHERE consumer = ? AND topic = ?",
                rows -> {
                    stored.put(rows.getInt(1), rows.getLong(2));
                }, readModel, topic());
        return ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                || stored.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    private Map<Integer, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStacks.shared().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = kafka.partitionsFor(topic()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            Map<Integer, Long> ends = new HashMap<>();
            kafka.endOffsets(partitions).forEach((partition, end) -> ends.put(partition.partition(), end));
            return ends;
        }
    }

    private String topic() {
        return springEnvironment.getRequiredProperty("agentshop.kafka.events-topic");
    }

    @Autowired
    org.springframework.core.env.Environment springEnvironment;

    private Map<String, byte[]> exactBytes(List<String> eventIds) {
        Map<String, byte[]> kept = new HashMap<>();
        audit.query("SELECT event_id, envelope_bytes FROM audit_records WHERE event_id = ANY (?)", rows -> {
            kept.put(rows.getString(1), rows.getBytes(2));
        }, (Object) eventIds.toArray(String[]::new));
        return kept;
    }

    private static String aggregateTypeOf(String type) {
        if (type.startsWith("Order") && !type.equals("OrderAuthorized")) {
            return "Order";
        }
        if (type.startsWith("Product") || type.startsWith("Stock")) {
            return "Product";
        }
        return type.equals("CommandRejected") ? "Order" : "Account";
    }
}
