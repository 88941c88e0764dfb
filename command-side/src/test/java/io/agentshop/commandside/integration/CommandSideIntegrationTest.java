package io.agentshop.commandside.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.account.GrantDelegationCommand;
import io.agentshop.commandside.api.account.Limits;
import io.agentshop.commandside.api.account.OpenAccountCommand;
import io.agentshop.commandside.api.product.AddProductCommand;
import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.testsupport.RealStack;
import io.agentshop.infra.testsupport.TestStack;
import io.agentshop.infra.testsupport.TestStacks;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The command side on the real stack: PostgreSQL event store, Kafka topic, outbox relay running. Every test class
 * extending this shares one Spring context; tests isolate themselves by fresh user ids and SKUs.
 */
@RealStack
@SpringBootTest(classes = CommandSideTestApplication.class)
abstract class CommandSideIntegrationTest {

    static final String TOPIC = "command-side.events";

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack stack = TestStacks.shared();
        DatabaseLogin events = stack.database("command_side_events");
        registry.add("spring.datasource.url", events::jdbcUrl);
        registry.add("spring.datasource.username", events::username);
        registry.add("spring.datasource.password", events::password);
        registry.add("agentshop.kafka.bootstrap-servers", stack::bootstrapServers);
        registry.add("agentshop.kafka.events-topic", () -> stack.topic(TOPIC, 3));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    protected CommandGateway commands;

    @Autowired
    protected JdbcTemplate jdbc;

    protected <R> R send(Object command, Actor actor) {
        return commands.sendAndWait(command, Actors.as(actor));
    }

    /** A user with an open account whose agent may order with the given limits. */
    protected String customerWithAgent(String agentId, Limits limits) {
        String userId = "user-" + UUID.randomUUID();
        send(new OpenAccountCommand(userId), Actors.person(userId));
        send(new GrantDelegationCommand(userId, agentId, Actors.AGENT_SCOPES, limits, null), Actors.person(userId));
        return userId;
    }

    protected String productWithStock(String category, long priceMinor, int stock) {
        return productWithStock("T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(), category,
                priceMinor, stock);
    }

    protected String productWithStock(String sku, String category, long priceMinor, int stock) {
        send(new AddProductCommand(sku, "Test product " + sku, category, "test", "", Money.of(priceMinor, "EUR"), stock),
                Actors.admin());
        return sku;
    }

    protected static Limits generousLimits() {
        return new Limits(Money.of(1_000_00, "EUR"), Money.of(10_000_00, "EUR"), Set.of(), Money.of(500_00, "EUR"));
    }

    /** Event types of one aggregate's stream in the event store, in sequence order. */
    protected List<String> storedPayloadTypes(String aggregateId) {
        return jdbc.queryForList("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ?"
                + " ORDER BY sequencenumber", String.class, aggregateId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    /** Every envelope on the topic so far, in partition order. */
    protected static List<JsonNode> envelopesOnKafka() {
        List<JsonNode> envelopes = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStacks.shared().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    envelopes.add(parse(record.value()));
                }
            }
        }
        return envelopes;
    }

    /** Waits until the topic holds envelopes matching the filter, at least {@code count}; returns them in order. */
    protected static List<JsonNode> awaitEnvelopes(Predicate<JsonNode> filter, int count) {
        List<List<JsonNode>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<JsonNode> matching = envelopesOnKafka().stream().filter(filter).toList();
            found.add(0, matching);
            return matching.size() >= count;
        });
        return found.get(0);
    }

    protected static Predicate<JsonNode> aboutAggregate(String aggregateId) {
        return envelope -> aggregateId.equals(envelope.path("aggregateId").asText());
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
