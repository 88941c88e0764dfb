package io.agentshop.queryside.audit.api;

/** Something the audit API was asked for that does not exist (yet); a 404 problem detail. */
public class AuditNotFound extends RuntimeException {

    public AuditNotFound(String detail) {
        super(detail);
    }
}
