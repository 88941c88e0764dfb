package io.agentshop.mcpedge.mcp;

import io.agentshop.commandside.api.ReasonCode;

/** For each refusal, what an agent can do about it, in a sentence it can act on or pass to its user. */
final class NextSteps {

    private NextSteps() {
    }

    static String after(ReasonCode reason) {
        return switch (reason) {
            case ACCOUNT_BANNED -> "Tell the user their account is banned; only the shop's admins can lift the ban.";
            case ACCOUNT_READ_ONLY -> "Tell the user the account is read-only for now; searching and reading still work.";
            case DELEGATION_MISSING, DELEGATION_REVOKED, DELEGATION_EXPIRED ->
                    "Ask the user to connect this agent to their account again if they want it to act for them.";
            case SCOPE_MISSING -> "Ask the user to sign in again and grant the missing permission.";
            case LIMIT_ORDER_TOTAL -> "Ask the user to raise this agent's per-order limit, or order less at once.";
            case LIMIT_DAILY_SPEND -> "Ask the user to raise the daily limit for this agent, or try again tomorrow (UTC).";
            case CATEGORY_NOT_ALLOWED -> "Ask the user to allow this product category for this agent.";
            case UNKNOWN_SKU -> "Use search_products to find the right SKU.";
            case INVALID_QUANTITY -> "Order 1 to 100 of each SKU, in at most 50 lines.";
            case OUT_OF_STOCK -> "Choose another variant or a smaller quantity; get_product shows the stock.";
            case IDEMPOTENCY_CONFLICT -> "Use a new idempotencyKey for a new order.";
            case UNKNOWN_ORDER, NOT_YOUR_ORDER -> "Use list_orders to see the user's orders.";
            case ORDER_NOT_CANCELLABLE, ORDER_NOT_AWAITING_APPROVAL, ORDER_NOT_SHIPPABLE ->
                    "Use get_order to see where the order stands, and tell the user.";
            case CONCURRENT_CHANGE -> "Send the same call again; with the same idempotencyKey it cannot order twice.";
            case NOT_AUTHORIZED, ACTOR_MISSING -> "This is not something an agent may do for this user.";
            case ACCOUNT_UNKNOWN, ACCOUNT_EXISTS, PRODUCT_EXISTS, INVALID_COMMAND ->
                    "Check the arguments against the tool's input schema.";
            case SYSTEM_ERROR -> "Try again later; if it keeps failing, tell the user the shop has a problem.";
        };
    }
}
