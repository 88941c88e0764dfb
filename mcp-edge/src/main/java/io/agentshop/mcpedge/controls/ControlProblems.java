package io.agentshop.mcpedge.controls;

import io.agentshop.resourceserver.BearerChallenge;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.mcpedge.identity.UnusableTokenException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;

/**
 * The controls' problem details (RFC 9457): a refusal keeps the domain's reason code and sentence; a body the edge
 * cannot read says what is wrong with it. Nothing was changed in either case.
 */
@RestControllerAdvice(basePackageClasses = ControlProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE) // before Spring Boot's generic problem details, which would say less
class ControlProblems {

    static ErrorResponseException forbidden(String detail) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    static ErrorResponseException missingScope(String scope) {
        ErrorResponseException problem = problem(HttpStatus.FORBIDDEN, "insufficient-scope", "Insufficient scope",
                "this control needs the scope '" + scope + "'; sign in again asking for it");
        problem.getBody().setProperty("scope", scope);
        problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                BearerChallenge.bearer().error("insufficient_scope").scope(scope).toString());
        return problem;
    }

    static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    }

    @ExceptionHandler(CommandRefusedException.class)
    ErrorResponseException refused(CommandRefusedException refusal) {
        HttpStatus status = statusOf(refusal.reason());
        ErrorResponseException problem = problem(status, "refused/" + refusal.reason().name().toLowerCase().replace('_', '-'),
                "Refused: " + refusal.reason(), refusal.sentence());
        problem.getBody().setProperty("reason", refusal.reason().name());
        if (refusal.reason() == ReasonCode.CONCURRENT_CHANGE) {
            problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        }
        return problem;
    }

    @ExceptionHandler(UnusableTokenException.class)
    ErrorResponseException unusableToken(UnusableTokenException e) {
        return forbidden(e.getMessage());
    }

    /** Our own records refuse bad values in their constructors; their sentence is the clearest thing to say. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ErrorResponseException unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
                Throwable why = invalid.getCause();
                String detail = why instanceof NullPointerException && why.getMessage() != null
                        ? why.getMessage() + " is required" : why.getMessage();
                return badRequest("the request body is invalid: " + detail);
            }
        }
        return badRequest("the request body is not the JSON this control takes; mcp-edge/README.md (Controls) lists"
                + " each control's body");
    }

    private static HttpStatus statusOf(ReasonCode reason) {
        return switch (reason) {
            case NOT_AUTHORIZED, SCOPE_MISSING, ACTOR_MISSING, NOT_YOUR_ORDER -> HttpStatus.FORBIDDEN;
            case ACCOUNT_UNKNOWN, DELEGATION_MISSING, UNKNOWN_ORDER, UNKNOWN_SKU -> HttpStatus.NOT_FOUND;
            case INVALID_COMMAND, INVALID_QUANTITY -> HttpStatus.BAD_REQUEST;
            case SYSTEM_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> HttpStatus.CONFLICT;
        };
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create("https://agentshop.io/problems/" + type));
        body.setTitle(title);
        return new ErrorResponseException(status, body, null);
    }
}
