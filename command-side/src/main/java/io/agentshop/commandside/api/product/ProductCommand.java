package io.agentshop.commandside.api.product;

import io.agentshop.commandside.api.ShopCommand;

/** A command to one Product, named by its {@code sku}. */
public interface ProductCommand extends ShopCommand {

    String sku();

    @Override
    default String targetType() {
        return "Product";
    }

    @Override
    default String targetId() {
        return sku();
    }
}
