package io.agentshop.queryside.infrastructure.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.UUID;

/**
 * The last resort: a failure nobody handled becomes a 500 problem detail with a reference that finds the logged
 * stack trace; the caller never sees the trace itself. Errors that already describe themselves pass through.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class UnexpectedFailures {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedFailures.class);

    @ExceptionHandler(Exception.class)
    public ProblemDetail unexpected(Exception failure) throws Exception {
        if (failure instanceof ErrorResponse) {
            throw failure;
        }
        String reference = UUID.randomUUID().toString();
        log.error("unexpected failure, reference {}", reference, failure);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the query side could not answer this request; the reference finds it in the logs");
        problem.setProperty("reference", reference);
        return problem;
    }
}
