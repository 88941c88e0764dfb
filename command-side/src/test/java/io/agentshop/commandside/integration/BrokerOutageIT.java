package io.agentshop.commandside.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.account.GrantDelegationCommand;
import io.agentshop.commandside.api.account.Limits;
import io.agentshop.commandside.api.account.OpenAccountCommand;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.order.OrderLine;
import io.agentshop.commandside.api.product.AddProductCommand;
import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.stack.KafkaBroker;
import io.agentshop.infra.stack.KafkaTopics;
import io.agentshop.infra.stack.Ports;
import io.agentshop.infra.testsupport.RealStack;
import io.agentshop.infra.testsupport.TestStacks;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.agentshop.commandside.infrastructure.outbox.KafkaOutbox;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker goes away in the middle of a stream: commands still succeed (the events are in PostgreSQL), and once the
 * broker is back every event reaches it, in order per aggregate. This class runs its own broker so it can stop it.
 */
@RealStack
@SpringBootTest(classes = CommandSideTestApplication.class,
        properties = {"agentshop.kafka.acknowledgement-timeout=3s", "agentshop.seed-catalog.enabled=false"})
// Its own context, closed after the class: its relay would otherwise go on retrying against the broker it stopped.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BrokerOutageIT {

    static final String TOPIC = "outage.events";
    static final Path LOG_DIRECTORY = temporaryDirectory();
    static final int PORT = Ports.anyFree();
    static final int CONTROLLER_PORT = Ports.anyFree();
    static KafkaBroker broker = startBroker();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        DatabaseLogin events = TestStacks.shared().database("broker_outage_events");
        registry.add("spring.datasource.url", events::jdbcUrl);
        registry.add("spring.datasource.username", events::username);
        registry.add("spring.datasource.password", events::password);
        registry.add("agentshop.kafka.bootstrap-servers", () -> "127.0.0.1:" + PORT);
        registry.add("agentshop.kafka.events-topic", () -> TOPIC);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void eventsStoredWhileTheBrokerIsDownReachItOnceItIsBack() {
        String userId = "user-" + UUID.randomUUID();
        Actor agent = Actors.agent(userId, "agent-o");
        commands.sendAndWait(new OpenAccountCommand(userId), Actors.as(Actors.person(userId)));
        commands.sendAndWait(new GrantDelegationCommand(userId, "agent-o", Actors.AGENT_SCOPES,
                new Limits(Money.of(1_000_00, "EUR"), Money.of(100_000_00, "EUR"), Set.of(), Money.of(500_00, "EUR")),
                null), Actors.as(Actors.person(userId)));
        String sku = "OUTAGE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        commands.sendAndWait(new AddProductCommand(sku, "Outage test", "test", "test", "", Money.of(1_00, "EUR"), 100),
                Actors.as(Actors.admin()));
        placeOrders(userId, agent, sku, 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> consumeAll().size() >= 5 + 3);

        broker.close();
        broker = null;
        placeOrders(userId, agent, sku, 10);
        // Keep the broker away until the relay has failed a batch: the retry path, not the producer's buffer, must
        // bring these events to Kafka.
        TrackingEventProcessor relay = processing
                .eventProcessor(KafkaOutbox.PROCESSING_GROUP, TrackingEventProcessor.class).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.processingStatus().values().stream()
                .anyMatch(EventTrackerStatus::isErrorState));
        broker = startBroker();

        Map<String, List<String>> stored = new LinkedHashMap<>();
        for (String aggregateId : List.of(userId, sku)) {
            stored.put(aggregateId, jdbc.queryForList("SELECT eventidentifier FROM domainevententry"
                    + " WHERE aggregateidentifier = ? ORDER BY sequencenumber", String.class, aggregateId));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                OutboxDelivery.assertDeliveredInOrder(stored, consumeAll()));
    }

    private void placeOrders(String userId, Actor agent, String sku, int count) {
        for (int i = 0; i < count; i++) {
            commands.sendAndWait(new PlaceOrderCommand(userId, UUID.randomUUID().toString(),
                    List.of(new OrderLine(sku, 1)), UUID.randomUUID().toString(), null), Actors.as(agent));
        }
    }

    private static List<JsonNode> consumeAll() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> envelopes = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + PORT,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    envelopes.add(json.readTree(record.value()));
                }
            }
        }
        return envelopes;
    }

    private static KafkaBroker startBroker() {
        KafkaBroker started = KafkaBroker.start(LOG_DIRECTORY, PORT, CONTROLLER_PORT, 3);
        KafkaTopics.ensure(started.bootstrapServers(), TOPIC, 3);
        return started;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("agentshop-outage-broker-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
