package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tool's arguments checked against its input schema (JSON Schema 2020-12, what MCP tools declare), each problem
 * said as the argument and the rule it broke: {@code lines[0].quantity: must have a maximum value of 100},
 * {@code idempotencyKey: is required}. An agent, or the person reading its log, sees what to change.
 */
final class ArgumentRules {

    private final ObjectMapper json;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    ArgumentRules(ObjectMapper json) {
        this.json = json;
    }

    /** The problems with {@code arguments} for {@code tool}, in the schema's words; empty when there are none. */
    List<String> problems(ShopTool tool, Map<String, Object> arguments) {
        Schema schema = schemas.computeIfAbsent(tool.name(), name -> registry.getSchema(write(tool.inputSchema()),
                InputFormat.JSON));
        return schema.validate(write(arguments), InputFormat.JSON).stream()
                .map(error -> describe(error, tool.name()))
                .distinct()
                .toList();
    }

    private static String describe(com.networknt.schema.Error error, String tool) {
        String where = argument(error.getInstanceLocation().toString());
        String property = error.getProperty();
        switch (error.getKeyword()) {
            case "required":
                return join(where, property) + ": is required";
            case "additionalProperties":
                return join(where, property) + ": is not an argument " + (where.isEmpty() ? "of " + tool
                        : "here");
            default:
                return (where.isEmpty() ? "the arguments" : where) + ": " + error.getMessage();
        }
    }

    /** A JSON Pointer into the arguments as an agent would write the path: {@code /lines/0/sku} → {@code lines[0].sku}. */
    static String argument(String pointer) {
        StringBuilder path = new StringBuilder();
        for (String step : pointer.split("/")) {
            if (step.isEmpty()) {
                continue;
            }
            if (step.chars().allMatch(Character::isDigit)) {
                path.append('[').append(step).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(step.replace("~1", "/").replace("~0", "~"));
            }
        }
        return path.toString();
    }

    private static String join(String where, String property) {
        return where.isEmpty() ? property : where + "." + property;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("arguments that were read as JSON could not be written again", impossible);
        }
    }
}
