package io.agentshop.resourceserver;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code WWW-Authenticate: Bearer} challenge (RFC 6750 section 3, with RFC 9728's {@code resource_metadata}): each
 * parameter once, in the order given, as a quoted string whose quotes and backslashes are escaped and whose control
 * characters (a line break would end the header) are spaces, so no description can break the header apart.
 */
public final class BearerChallenge {

    private final Map<String, String> parameters = new LinkedHashMap<>();

    public static BearerChallenge bearer() {
        return new BearerChallenge();
    }

    /** RFC 9728: where the client learns which authorization server to ask, and for which scopes. */
    public BearerChallenge resourceMetadata(String url) {
        return with("resource_metadata", url);
    }

    /** {@code invalid_token}, {@code insufficient_scope}, or {@code invalid_request}. */
    public BearerChallenge error(String code) {
        return with("error", code);
    }

    public BearerChallenge description(String text) {
        return with("error_description", text);
    }

    /** The scopes to ask for, space separated. */
    public BearerChallenge scope(String scopes) {
        return with("scope", scopes);
    }

    private BearerChallenge with(String name, String value) {
        if (value != null) {
            parameters.put(name, value);
        }
        return this;
    }

    /** The header's value. */
    @Override
    public String toString() {
        StringBuilder header = new StringBuilder("Bearer");
        String separator = " ";
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            header.append(separator).append(parameter.getKey()).append("=\"")
                    .append(parameter.getValue().replaceAll("[\\x00-\\x1F\\x7F]", " ")
                            .replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
            separator = ", ";
        }
        return header.toString();
    }
}
