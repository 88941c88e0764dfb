package io.agentshop.queryside.audit.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The audit API's own errors as RFC 9457 problem details (Spring's handler does the framework's, e.g. type errors). */
@RestControllerAdvice(assignableTypes = {AuditRecordsController.class, AuditCheckpointsController.class})
class AuditProblems {

    @ExceptionHandler(BadAuditRequest.class)
    ProblemDetail badRequest(BadAuditRequest e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad audit query");
        return problem;
    }

    @ExceptionHandler(AuditLogBroken.class)
    ProblemDetail broken(AuditLogBroken e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("The audit store cannot prove this");
        return problem;
    }

    @ExceptionHandler(AuditNotFound.class)
    ProblemDetail notFound(AuditNotFound e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not in the audit store");
        return problem;
    }
}
