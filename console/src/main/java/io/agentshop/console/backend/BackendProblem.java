package io.agentshop.console.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

import java.util.function.Supplier;

/**
 * What the edge or the query side answered instead of what was asked: its status and its own sentence (the problem
 * detail's {@code detail}, or {@code error.message} of a JSON-RPC error), which the page shows as it is.
 */
public final class BackendProblem extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(BackendProblem.class);

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
            // Which host and why is for the log, not for the page.
            log.warn("the edge or the query side did not answer: {}", unreachable.getMostSpecificCause().toString());
            throw new BackendProblem(503, "the shop's services did not answer; try again in a moment");
        }
    }

    private static String detail(RestClientResponseException answered) {
        return detail(answered.getStatusCode().value(), answered.getResponseBodyAsString());
    }

    /** The problem detail's own sentence, else the status. */
    static String detail(int status, String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem != null && problem.hasNonNull("detail")) {
                return problem.get("detail").asText();
            }
        } catch (Exception notJson) {
            // fall through to the status
        }
        return "the shop answered " + status;
    }
}
