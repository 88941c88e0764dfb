package io.agentshop.queryside.audit.api;

/** The stored records no longer support a proof (records are missing): a 409 problem detail; GET /audit/verify says why. */
public class AuditLogBroken extends RuntimeException {

    public AuditLogBroken(String detail) {
        super(detail);
    }
}
