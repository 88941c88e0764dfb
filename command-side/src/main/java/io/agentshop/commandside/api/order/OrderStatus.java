package io.agentshop.commandside.api.order;

/**
 * {@code PLACED → CONFIRMED}, or {@code PLACED → AWAITING_APPROVAL → APPROVED | DECLINED | EXPIRED};
 * {@code CANCELLED} from any state before shipping; {@code SHIPPED} from confirmed or approved.
 */
public enum OrderStatus {
    PLACED, CONFIRMED, AWAITING_APPROVAL, APPROVED, DECLINED, EXPIRED, CANCELLED, SHIPPED;

    public boolean isCancellable() {
        return this == PLACED || this == CONFIRMED || this == AWAITING_APPROVAL || this == APPROVED;
    }

    public boolean isShippable() {
        return this == CONFIRMED || this == APPROVED;
    }
}
