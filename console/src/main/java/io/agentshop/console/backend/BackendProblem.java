package io.agentshop.console.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

import java.util.function.Supplier;

/**
 * What the edge or the query side answered instead of what was asked: its status and its own sentence (the problem
 * detail's {@code detail}, or {@code error.message} of a JSON-RPC error), which the page shows as it is.
 */
public final class BackendProblem extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;

    public BackendProblem(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static <T> T translate(Supplier<T> call) {
        try {
            return call.get();
        } catch (RestClientResponseException answered) {
            throw new BackendProblem(answered.getStatusCode().value(), detail(answered));
        } catch (ResourceAccessException unreachable) {
            throw new BackendProblem(503, "the shop's services did not answer (" + unreachable.getMostSpecificCause()
                    .getMessage() + "); try again in a moment");
        }
    }

    private static String detail(RestClientResponseException answered) {
        String body = answered.getResponseBodyAsString();
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem.hasNonNull("detail")) {
                return problem.get("detail").asText();
            }
        } catch (Exception notJson) {
            // fall through to the status line
        }
        return "the shop answered " + answered.getStatusCode().value() + (answered.getStatusText().isBlank() ? ""
                : " " + answered.getStatusText());
    }
}
