package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading a tool's arguments once the input schema has vouched for their types. */
final class Arguments {

    private Arguments() {
    }

    static String text(JsonNode arguments, String name) {
        JsonNode value = arguments.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Integer integer(JsonNode arguments, String name) {
        JsonNode value = arguments.get(name);
        return value == null || value.isNull() ? null : value.asInt();
    }
}
