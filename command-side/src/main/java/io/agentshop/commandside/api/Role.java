package io.agentshop.commandside.api;

/** Role names as they appear in {@link Actor#roles()}. */
public final class Role {

    public static final String CUSTOMER = "customer";
    public static final String ADMIN = "admin";
    public static final String FULFILMENT = "fulfilment";
    public static final String AUDITOR = "auditor";
    public static final String ANALYST = "analyst";
    /** The shop itself: seeding the catalog, expiring approvals, recording consent. */
    public static final String SYSTEM = "system";

    private Role() {
    }
}
