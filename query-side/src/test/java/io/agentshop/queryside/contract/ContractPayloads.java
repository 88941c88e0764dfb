package io.agentshop.queryside.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Payloads of every event type of the published contract ({@code event-contract/events/*.schema.json}), built from
 * the schemas themselves: every free string gets the text a test chooses, every identifier (a field named {@code …Id}
 * or {@code …Type}, a SKU, a category, a currency: what the command side generates or bounds) the identifier it
 * chooses; times, dates, enums and numbers get valid values, so what
 * is tested is the text alone.
 */
public final class ContractPayloads {

    public static final Path CONTRACT = Path.of(System.getProperty("agentshop.contract.dir", "../event-contract"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractPayloads() {
    }

    /** The event types of the contract, by name. */
    public static List<String> types() {
        try (Stream<Path> files = Files.list(CONTRACT.resolve("events"))) {
            return files.map(file -> file.getFileName().toString().replace(".schema.json", "")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A payload of {@code type} with {@code text} in every free string and {@code id} in every identifier. */
    public static ObjectNode payload(String type, Function<String, String> text, Function<String, String> id) {
        JsonNode schema = read(CONTRACT.resolve("events").resolve(type + ".schema.json"));
        return (ObjectNode) value(schema, schema, "payload", text, id);
    }

    private static JsonNode value(JsonNode schema, JsonNode root, String name, Function<String, String> text,
                                  Function<String, String> id) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            return value(root.at(ref.substring(1)), root, name, text, id);
        }
        if (schema.has("anyOf")) {
            for (JsonNode option : schema.get("anyOf")) {
                if (!"null".equals(option.path("type").asText())) {
                    return value(option, root, name, text, id);
                }
            }
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = typeOf(schema);
        return switch (type) {
            case "object" -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
                     properties.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    object.set(property.getKey(), value(property.getValue(), root, property.getKey(), text, id));
                }
                yield object;
            }
            case "array" -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                array.add(value(schema.path("items"), root, name, text, id));
                yield array;
            }
            case "integer" -> JsonNodeFactory.instance.numberNode(1);
            case "number" -> JsonNodeFactory.instance.numberNode(1.5);
            case "boolean" -> JsonNodeFactory.instance.booleanNode(true);
            case "string" -> JsonNodeFactory.instance.textNode(switch (schema.path("format").asText()) {
                case "date-time" -> Instant.now().toString();
                case "date" -> LocalDate.now(ZoneOffset.UTC).toString();
                default -> isIdentifier(name) ? id.apply(name) : text.apply(name);
            });
            default -> JsonNodeFactory.instance.nullNode();
        };
    }

    private static boolean isIdentifier(String name) {
        return name.endsWith("Id") || name.endsWith("Type") || name.equals("sku") || name.equals("category")
                || name.equals("currency");
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (!"null".equals(one.asText())) {
                    return one.asText();
                }
            }
        }
        return type.asText();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
