package io.agentshop.commandside.api.product;

import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds stock (admins and the shop). */
public record RestockProductCommand(@TargetAggregateIdentifier String sku, int quantity) implements ShopCommand {

    @Override
    public String targetType() {
        return "Product";
    }

    @Override
    public String targetId() {
        return sku;
    }
}
