package io.agentshop.infra.stack;

/**
 * One database of the system, owned by its own login role. A separate {@code appRole}, when present, is the
 * role the application uses where it must have fewer rights than the owner (the audit store: INSERT and
 * SELECT only, granted by the audit store's migrations).
 */
public record Database(String name, String ownerRole, String appRole) {

    public static final Database EVENTS = new Database("agentshop_events", "agentshop_events", null);
    public static final Database READ_MODELS = new Database("agentshop_readmodels", "agentshop_readmodels", null);
    public static final Database AUDIT = new Database("agentshop_audit", "agentshop_audit", "agentshop_audit_writer");

    public Database {
        requireIdentifier(name);
        requireIdentifier(ownerRole);
        if (appRole != null) {
            requireIdentifier(appRole);
        }
    }

    /** Identifiers are spliced into DDL, which takes no bind parameters: only plain lower-case names pass. */
    static void requireIdentifier(String identifier) {
        if (identifier == null || !identifier.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain PostgreSQL identifier: " + identifier);
        }
    }
}
