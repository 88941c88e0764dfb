package io.agentshop.console.backend;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * A download streamed from the query side to the browser as it comes (an export), always as an attachment and
     * only as one of the types given; headers named in {@code passOn} go along (an export's id for its progress).
     * Whatever else the query side answers (a refusal) is shown as a refusal.
     */
    public void download(Function<UriBuilder, URI> uri, String fileName, Set<String> types, List<String> passOn,
                         HttpServletResponse response) {
        BackendProblem.translate(() -> query.get().uri(uri).exchange((request, answer) -> {
            MediaType type = answer.getHeaders().getContentType();
            if (!answer.getStatusCode().is2xxSuccessful() || type == null
                    || !types.contains(type.getType() + "/" + type.getSubtype())) {
                throw new BackendProblem(answer.getStatusCode().is2xxSuccessful() ? 502 : answer.getStatusCode().value(),
                        BackendProblem.detail(answer.getStatusCode().value(),
                                new String(answer.getBody().readAllBytes(), StandardCharsets.UTF_8)));
            }
            response.setContentType(type.toString());
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName)
                    .build().toString());
            for (String header : passOn) {
                String value = answer.getHeaders().getFirst(header);
                if (value != null) {
                    response.setHeader(header, value);
                }
            }
            response.flushBuffer(); // the headers now, so a page can follow the export's progress at once
            try (InputStream body = answer.getBody()) {
                body.transferTo(response.getOutputStream());
            }
            return null;
        }));
    }

    public static Function<UriBuilder, URI> path(String template, Object... variables) {
        return builder -> builder.path(template).build(variables);
    }

    /**
     * A path and the query parameters that have a value; every value is expanded as a URI variable, so it is encoded
     * and never read as a template.
     */
    public static Function<UriBuilder, URI> withQuery(String path, Map<String, String> query) {
        return builder -> {
            builder.path(path);
            Map<String, Object> values = new HashMap<>();
            query.forEach((name, value) -> {
                if (value != null && !value.isBlank()) {
                    builder.queryParam(name, "{" + name + "}");
                    values.put(name, value);
                }
            });
            return builder.build(values);
        };
    }
}
