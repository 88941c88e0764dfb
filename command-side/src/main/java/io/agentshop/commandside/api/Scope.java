package io.agentshop.commandside.api;

/** OAuth scopes the aggregates check again after the edge did, so no path around the edge skips them. */
public final class Scope {

    public static final String CATALOG_READ = "catalog:read";
    public static final String ORDERS_READ = "orders:read";
    public static final String ORDERS_WRITE = "orders:write";
    public static final String ORDERS_CANCEL = "orders:cancel";
    public static final String ORDERS_APPROVE = "orders:approve";
    public static final String ACCOUNT_READ = "account:read";
    public static final String ACCOUNT_MANAGE = "account:manage";
    public static final String AUDIT_READ = "audit:read";

    private Scope() {
    }
}
