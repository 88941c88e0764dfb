package io.agentshop.queryside.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Text PostgreSQL can hold. Its {@code text} and {@code jsonb} take neither NUL nor half a surrogate pair, yet an event
 * may carry both (the command side refuses them now; an older build stored them, and JSON can spell them). Each such
 * character becomes U+FFFD in what the read models and the audit store's searchable columns keep; the audit store keeps
 * the record's exact bytes beside them, so nothing is lost and nothing stalls.
 */
public final class Storable {

    public static final char REPLACEMENT = '\uFFFD';

    private Storable() {
    }

    /** The text with every NUL and unpaired surrogate replaced; the same instance when there is none. */
    public static String text(String text) {
        if (text == null || isStorable(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == '\u0000' || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    /** The JSON with every string (values and field names) made storable; the same node when nothing needed it. */
    public static JsonNode json(JsonNode node) {
        return node == null || isStorable(node) ? node : copy(node);
    }

    static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStorable(JsonNode node) {
        if (node.isTextual()) {
            return isStorable(node.textValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!isStorable(field.getKey()) || !isStorable(field.getValue())) {
                    return false;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (!isStorable(element)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static JsonNode copy(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(text(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(text(field.getKey()), copy(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(copy(element)));
            return copy;
        }
        return node;
    }
}
