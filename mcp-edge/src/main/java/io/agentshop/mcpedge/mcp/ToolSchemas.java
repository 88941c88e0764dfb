package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.TextPolicy;
import io.agentshop.mcpedge.text.JsonText;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A tool's input and output JSON Schemas, kept as reviewable JSON in {@code mcp/tools/<name>.json}. Every string of the
 * input that has no pattern of its own gets the {@link TextPolicy}'s control-character rule as its {@code pattern}
 * (free text's for the fields {@link JsonText#FREE_TEXT} names), so a client sees the rule before it calls.
 */
record ToolSchemas(Map<String, Object> input, Map<String, Object> output) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ToolSchemas of(String toolName) {
        try (InputStream in = new ClassPathResource("mcp/tools/" + toolName + ".json").getInputStream()) {
            Map<String, Map<String, Object>> both = JSON.readValue(in, new TypeReference<>() { });
            Map<String, Object> input = both.get("inputSchema");
            withTextRule(input, TextPolicy.Kind.LINE);
            return new ToolSchemas(input, both.get("outputSchema"));
        } catch (IOException e) {
            throw new UncheckedIOException("no schemas for tool " + toolName, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void withTextRule(Map<String, Object> schema, TextPolicy.Kind kind) {
        if ("string".equals(schema.get("type")) && !schema.containsKey("pattern")) {
            schema.put("pattern", kind == TextPolicy.Kind.FREE ? TextPolicy.FREE_PATTERN : TextPolicy.LINE_PATTERN);
        }
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((name, property) -> withTextRule((Map<String, Object>) property,
                    JsonText.FREE_TEXT.contains(name) ? TextPolicy.Kind.FREE : TextPolicy.Kind.LINE));
        }
        if (schema.get("items") instanceof Map<?, ?> items) {
            withTextRule((Map<String, Object>) items, kind);
        }
    }
}
