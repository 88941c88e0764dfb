package io.agentshop.commandside.api;

/** Why a command was refused: stable codes an agent (or its developer) can act on. */
public enum ReasonCode {
    ACTOR_MISSING,
    INVALID_COMMAND,
    NOT_AUTHORIZED,
    ACCOUNT_UNKNOWN,
    ACCOUNT_EXISTS,
    ACCOUNT_BANNED,
    ACCOUNT_READ_ONLY,
    DELEGATION_MISSING,
    DELEGATION_REVOKED,
    DELEGATION_EXPIRED,
    SCOPE_MISSING,
    LIMIT_ORDER_TOTAL,
    LIMIT_DAILY_SPEND,
    CATEGORY_NOT_ALLOWED,
    UNKNOWN_SKU,
    PRODUCT_EXISTS,
    INVALID_QUANTITY,
    OUT_OF_STOCK,
    IDEMPOTENCY_CONFLICT,
    UNKNOWN_ORDER,
    NOT_YOUR_ORDER,
    ORDER_NOT_CANCELLABLE,
    ORDER_NOT_AWAITING_APPROVAL,
    ORDER_NOT_SHIPPABLE,
    /** Others kept changing the same account, order or product: nothing was done; the same command may be sent again. */
    CONCURRENT_CHANGE,
    /** Not a decision but a failure (a bug or an outage); recorded so the audit trail has every attempt. */
    SYSTEM_ERROR
}
