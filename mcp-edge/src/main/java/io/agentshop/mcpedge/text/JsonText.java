package io.agentshop.mcpedge.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.agentshop.commandside.api.TextPolicy;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The {@link TextPolicy} applied to a whole JSON document an agent or a person sent (a tool's arguments, a control's
 * body): every string in it, field names included, is checked, one line unless its field is free text, and the
 * document comes back with every string in NFC. The first string that breaks the rule refuses the whole document,
 * named by its path ({@code lines[0].sku}).
 */
public final class JsonText {

    /** The fields whose text a person writes and reads: newline and tab are allowed there. */
    public static final Set<String> FREE_TEXT = Set.of("note", "reason");

    /** A string of the document that breaks the rule: where it is and what is wrong with it. */
    public static final class Refused extends RuntimeException {

        private final String path;

        Refused(String path, String problem) {
            super(path + " " + problem, null, false, false);
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    private JsonText() {
    }

    /** The document with every string normalised, or {@link Refused} naming the first string that breaks the rule. */
    public static JsonNode normalized(JsonNode document) {
        return normalized(document, "", TextPolicy.Kind.LINE);
    }

    private static JsonNode normalized(JsonNode node, String path, TextPolicy.Kind kind) {
        if (node.isTextual()) {
            return TextNode.valueOf(checked(node.textValue(), path.isEmpty() ? "the value" : path, kind));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = checked(field.getKey(), (path.isEmpty() ? "" : path + ".") + "(a field name)",
                        TextPolicy.Kind.LINE);
                String at = path.isEmpty() ? name : path + "." + name;
                copy.set(name, normalized(field.getValue(), at,
                        FREE_TEXT.contains(name) ? TextPolicy.Kind.FREE : TextPolicy.Kind.LINE));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(normalized(node.get(i), path + "[" + i + "]", kind));
            }
            return copy;
        }
        return node;
    }

    /** One text (a path segment, a query parameter): normalised, or {@link Refused} naming it. */
    public static String checked(String text, String name, TextPolicy.Kind kind) {
        TextPolicy.Verdict verdict = TextPolicy.check(text, kind, 0);
        if (!verdict.accepted()) {
            throw new Refused(name, verdict.problem());
        }
        return verdict.value();
    }
}
