package io.agentshop.mcpedge.queryside;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.util.UriBuilder;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

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
        return get(uri -> uri.path("/accounts/{userId}").build(userId));
    }

    /** Accounts, newest first, optionally of one mode, a page at a time. */
    public JsonNode accounts(String mode, String cursor, Integer limit) {
        return get(uri -> uri.path("/accounts")
                .queryParamIfPresent("mode", Optional.ofNullable(mode))
                .queryParamIfPresent("cursor", Optional.ofNullable(cursor))
                .queryParamIfPresent("limit", Optional.ofNullable(limit))
                .build());
    }

    private JsonNode get(Function<UriBuilder, URI> uri) {
        try {
            return client.get().uri(uri).retrieve().body(JsonNode.class);
        } catch (RestClientResponseException answered) {
            throw passedOn(answered);
        } catch (RestClientException unreachable) {
            throw problem(HttpStatus.SERVICE_UNAVAILABLE, "the shop's read side did not answer; try again shortly");
        }
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
