package io.agentshop.console.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The edge (controls: a person's changes and own reads) and the query side (catalog, audit, analytics), called with
 * the signed-in person's token. A refusal or failure comes back as a {@link BackendProblem}.
 */
public final class Backend {

    /** Answers as maps and lists, which the page templates read by name. */
    private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
    };

    private final RestClient edge;
    private final RestClient query;

    Backend(RestClient edge, RestClient query) {
        this.edge = edge;
        this.query = query;
    }

    /** Path and query values go in as URI variables or query parameters, so whatever a person typed is encoded. */
    public Map<String, Object> edgeGet(Function<UriBuilder, URI> uri) {
        return BackendProblem.translate(() -> edge.get().uri(uri).retrieve().body(OBJECT));
    }

    public JsonNode edgeSend(HttpMethod method, Function<UriBuilder, URI> uri, Object body) {
        return BackendProblem.translate(() -> {
            RestClient.RequestBodySpec request = edge.method(method).uri(uri);
            return (body == null ? request : request.body(body)).retrieve().body(JsonNode.class);
        });
    }

    public Map<String, Object> queryGet(Function<UriBuilder, URI> uri) {
        return BackendProblem.translate(() -> query.get().uri(uri).retrieve().body(OBJECT));
    }

    public String queryText(Function<UriBuilder, URI> uri) {
        return BackendProblem.translate(() -> query.get().uri(uri).retrieve().body(String.class));
    }

    public Map<String, Object> queryPost(Function<UriBuilder, URI> uri) {
        return BackendProblem.translate(() -> query.post().uri(uri).retrieve().body(OBJECT));
    }

    /** For streams passed through to the browser as they come (exports). */
    public RestClient query() {
        return query;
    }

    public static Function<UriBuilder, URI> path(String template, Object... variables) {
        return builder -> builder.path(template).build(variables);
    }

    /**
     * A path with named variables and the query parameters that have a value; every value is expanded as a URI
     * variable, so it is encoded and never read as a template.
     */
    public static Function<UriBuilder, URI> uri(String template, Map<String, ?> pathVariables,
                                                Map<String, String> query) {
        return builder -> {
            builder.path(template);
            Map<String, Object> values = new HashMap<>(pathVariables);
            query.forEach((name, value) -> {
                if (value != null && !value.isBlank()) {
                    builder.queryParam(name, "{q." + name + "}");
                    values.put("q." + name, value);
                }
            });
            return builder.build(values);
        };
    }
}
