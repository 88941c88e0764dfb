package io.agentshop.queryside.audit.api;

/** Input the audit API cannot use; answered as a 400 problem detail with {@link #getMessage()} as its detail. */
public class BadAuditRequest extends RuntimeException {

    public BadAuditRequest(String detail) {
        super(detail);
    }
}
