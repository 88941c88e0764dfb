package io.agentshop.commandside.api;

/** Every command names what it targets, so a refusal can be recorded against it. */
public interface ShopCommand {

    /** {@code Account}, {@code Order} or {@code Product}. */
    String targetType();

    String targetId();
}
