package io.agentshop.mcpedge.queryside;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The query side's read API as the edge uses it. Its answers pass through as they are; its problems (not found, not
 * visible yet) keep their status and detail; when it cannot be reached the caller gets a 503 problem, never a stack
 * trace.
 */
public class QuerySide {

    private final RestClient client;

    QuerySide(RestClient client) {
        this.client = client;
    }

    /** The user's account: mode, and per agent its scopes, limits, spend today and last use. */
    public JsonNode account(String userId) {
        return get("/accounts/{userId}", Map.of("userId", userId), Map.of());
    }

    /** The user's account, or empty when the read side knows none (no consent or order yet). */
    public Optional<JsonNode> accountIfAny(String userId) {
        try {
            return Optional.of(account(userId));
        } catch (ErrorResponseException answered) {
            if (answered.getStatusCode().value() == 404) {
                return Optional.empty();
            }
            throw answered;
        }
    }

    /** Accounts, newest first, optionally of one mode, a page at a time. */
    public JsonNode accounts(String mode, String cursor, Integer limit) {
        return get("/accounts", Map.of(), query("mode", mode, "cursor", cursor, "limit", limit));
    }

    /** Products whose names match the words as prefixes, optionally of one category. */
    public JsonNode searchProducts(String words, String category, Integer limit) {
        return get("/catalog/products", Map.of(), query("q", words, "category", category, "limit", limit));
    }

    public JsonNode product(String sku) {
        return get("/catalog/products/{sku}", Map.of("sku", sku), Map.of());
    }

    /** One order; with a consistency token, the read side waits (briefly) until it has seen that position. */
    public JsonNode order(String orderId, Long minPosition) {
        return get("/orders/{orderId}", Map.of("orderId", orderId), query("minPosition", minPosition));
    }

    /** A user's orders, newest first, a page at a time. */
    public JsonNode orders(String userId, String status, String cursor, Integer limit) {
        return get("/orders", Map.of(), query("userId", userId, "status", status, "cursor", cursor, "limit", limit));
    }

    /** Audit records matching the filter (parameter names as the audit API takes them), a page at a time. */
    public JsonNode auditRecords(Map<String, Object> filter) {
        return get("/audit/records", Map.of(), filter);
    }

    /** Path and query values go in as URI variables, so whatever a caller typed is encoded, never interpreted. */
    private JsonNode get(String path, Map<String, String> pathVariables, Map<String, Object> query) {
        Map<String, Object> variables = new LinkedHashMap<>(pathVariables);
        try {
            return client.get().uri(uri -> {
                uri.path(path);
                query.forEach((name, value) -> {
                    if (value != null) {
                        uri.queryParam(name, "{q_" + name + "}");
                        variables.put("q_" + name, value);
                    }
                });
                return uri.build(variables);
            }).retrieve().body(JsonNode.class);
        } catch (RestClientResponseException answered) {
            throw passedOn(answered);
        } catch (RestClientException unreachable) {
            throw problem(HttpStatus.SERVICE_UNAVAILABLE, "the shop's read side did not answer; try again shortly");
        }
    }

    private static Map<String, Object> query(Object... namesAndValues) {
        Map<String, Object> query = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return query;
    }

    private static ErrorResponseException passedOn(RestClientResponseException answered) {
        HttpStatusCode status = answered.getStatusCode();
        if (status.value() == 401 || status.value() == 403) {
            // The edge's own credentials were refused: a deployment fault, not the caller's.
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "the shop's read side refused the edge; try again later");
        }
        ProblemDetail body = answered.getResponseBodyAs(ProblemDetail.class);
        String detail = body != null && body.getDetail() != null ? body.getDetail() : "the read side answered " + status;
        ErrorResponseException problem = problem(status, detail);
        if (body != null) {
            problem.getBody().setType(body.getType());
            if (body.getProperties() != null) {
                body.getProperties().forEach(problem.getBody()::setProperty);
            }
        }
        String retryAfter = answered.getResponseHeaders() == null ? null
                : answered.getResponseHeaders().getFirst("Retry-After");
        if (retryAfter != null) {
            problem.getHeaders().set("Retry-After", retryAfter);
        }
        return problem;
    }

    private static ErrorResponseException problem(HttpStatusCode status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
