package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** A tool's input and output JSON Schemas, kept as reviewable JSON in {@code mcp/tools/<name>.json}. */
record ToolSchemas(Map<String, Object> input, Map<String, Object> output) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ToolSchemas of(String toolName) {
        try (InputStream in = new ClassPathResource("mcp/tools/" + toolName + ".json").getInputStream()) {
            Map<String, Map<String, Object>> both = JSON.readValue(in, new TypeReference<>() { });
            return new ToolSchemas(both.get("inputSchema"), both.get("outputSchema"));
        } catch (IOException e) {
            throw new UncheckedIOException("no schemas for tool " + toolName, e);
        }
    }
}
