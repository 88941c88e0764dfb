package io.agentshop.commandside.api;

/**
 * A command the shop sends to itself while handling another (stock taken within a placement). Sent on its own, from
 * outside any command, it is refused: no path may move stock without an order behind it.
 */
public interface InternalCommand extends ShopCommand {
}
