package io.agentshop.commandside.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.agentshop.commandside.api.CommandRejected;
import io.agentshop.commandside.api.account.AccountEvent;
import io.agentshop.commandside.api.order.OrderEvent;
import io.agentshop.commandside.api.product.ProductEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The published event contract as files: {@code event-contract/envelope.schema.json} and one schema per event type
 * in {@code event-contract/events/}. Payload schemas are generated from the event records; the envelope is written
 * by hand. Both sides' tests read these files, never each other's classes.
 */
public final class EventContract {

    static final Path DIRECTORY = Path.of(System.getProperty("agentshop.contract.dir", "../event-contract"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaGenerator GENERATOR = new SchemaGenerator(
            new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                    .with(new JacksonModule())
                    .with(Option.NULLABLE_FIELDS_BY_DEFAULT, Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                    .build());

    private EventContract() {
    }

    /** Every payload type the command side can publish. */
    public static List<Class<?>> eventTypes() {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> sealed : List.of(AccountEvent.class, OrderEvent.class, ProductEvent.class)) {
            types.addAll(Arrays.asList(sealed.getPermittedSubclasses()));
        }
        types.add(CommandRejected.class);
        types.sort(Comparator.comparing(Class::getSimpleName));
        return types;
    }

    static JsonNode generatedSchema(Class<?> type) {
        com.fasterxml.jackson.databind.node.ObjectNode schema = GENERATOR.generateSchema(type);
        schema.put("$id", "https://agentshop.io/event-contract/events/" + type.getSimpleName() + ".schema.json");
        schema.put("title", type.getSimpleName());
        // Every component of an event record is always written (null where absent).
        com.fasterxml.jackson.databind.node.ArrayNode required = schema.putArray("required");
        schema.path("properties").fieldNames().forEachRemaining(required::add);
        return schema;
    }

    static Path schemaFile(String type) {
        return DIRECTORY.resolve("events").resolve(type + ".schema.json");
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, JsonNode schema) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schema) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problems of an envelope against the envelope schema and its payload's schema, each where and what. */
    public static List<String> validate(JsonNode envelope) {
        List<String> problems = new ArrayList<>(problems(DIRECTORY.resolve("envelope.schema.json"), envelope));
        Path payloadSchema = schemaFile(envelope.path("type").asText());
        if (!Files.exists(payloadSchema)) {
            problems.add("no schema for type " + envelope.path("type"));
            return problems;
        }
        problems.addAll(problems(payloadSchema, envelope.path("payload")));
        return problems;
    }

    /** {@code value}'s problems against the JSON Schema 2020-12 in {@code schema}. */
    public static List<String> problems(Path schema, JsonNode value) {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(read(schema).toString(), InputFormat.JSON)
                .validate(value.toString(), InputFormat.JSON).stream()
                .map(error -> error.getInstanceLocation() + " " + (error.getProperty() == null ? ""
                        : error.getProperty() + " ") + error.getMessage())
                .toList();
    }
}
