package io.agentshop.queryside.events;

import java.util.Map;

/**
 * The event types of the contract this build reads, with the newest schema version it understands. Anything else is
 * tolerated: skipped, logged and counted, never fatal.
 */
public final class KnownEvents {

    private static final Map<String, Integer> VERSIONS = Map.ofEntries(
            Map.entry("AccountOpened", 1), Map.entry("AccountModeChanged", 1), Map.entry("DelegationGranted", 2),
            Map.entry("DelegationLimitsChanged", 1), Map.entry("DelegationRevoked", 1),
            Map.entry("OrderAuthorized", 1), Map.entry("OrderPlaced", 1), Map.entry("OrderConfirmed", 1),
            Map.entry("OrderAwaitingApproval", 1), Map.entry("OrderApproved", 1), Map.entry("OrderDeclined", 1),
            Map.entry("OrderApprovalExpired", 1), Map.entry("OrderCancelled", 1), Map.entry("OrderShipped", 1),
            Map.entry("ProductAdded", 1), Map.entry("ProductRestocked", 1), Map.entry("StockReserved", 1),
            Map.entry("StockReleased", 1), Map.entry("CommandRejected", 1));

    private KnownEvents() {
    }

    public static boolean isKnown(String type) {
        return VERSIONS.containsKey(type);
    }

    public static boolean isNewerThanKnown(Envelope envelope) {
        Integer known = VERSIONS.get(envelope.type());
        return known != null && envelope.schemaVersion() > known;
    }

    public static java.util.Set<String> types() {
        return VERSIONS.keySet();
    }
}
