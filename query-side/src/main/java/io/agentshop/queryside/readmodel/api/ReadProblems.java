package io.agentshop.queryside.readmodel.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** The problem details (RFC 9457) the read API answers with. */
final class ReadProblems {

    private ReadProblems() {
    }

    static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    }

    static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    /** The row a caller wrote is not visible yet: try again shortly. */
    static ErrorResponseException notYetVisible(String detail) {
        ErrorResponseException problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "not-yet-visible",
                "Not visible yet", detail);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        problem.getBody().setProperty("stale", true);
        return problem;
    }

    /**
     * The order exists (its event reached the orders view) but could not be applied to it, so it cannot be shown: the
     * caller must not be told there is no such order. Names the order's user, so the edge tells only that user.
     */
    static ErrorResponseException orderNotShown(String orderId, String userId, String reason) {
        ErrorResponseException problem = problem(HttpStatus.CONFLICT, "order-not-shown", "Order not shown",
                "order " + orderId + " exists but could not be shown: an event of it could not be applied to the"
                        + " orders view (" + reason + "); the shop's operators find it among the dead letters");
        problem.getBody().setProperty("orderId", orderId);
        problem.getBody().setProperty("userId", userId);
        return problem;
    }

    static Long requirePosition(Long minPosition) {
        if (minPosition != null && minPosition < 0) {
            throw badRequest("minPosition must be zero or more, was " + minPosition);
        }
        return minPosition;
    }

    static int requireLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw badRequest("limit must be between 1 and " + max + ", was " + limit);
        }
        return limit;
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create("https://agentshop.io/problems/" + type));
        body.setTitle(title);
        return new ErrorResponseException(status, body, null);
    }
}
