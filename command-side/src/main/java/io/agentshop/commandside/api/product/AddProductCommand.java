package io.agentshop.commandside.api.product;

import io.agentshop.commandside.api.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Adds a product variant to the catalog (admins and the shop).
 *
 * @param sku     the variant's stock-keeping unit, e.g. {@code SHIRT-CLASSIC-M}
 * @param family  the product the variant belongs to, e.g. {@code shirt-classic}
 * @param variant what tells it from its siblings, e.g. {@code size M}; empty for a product without variants
 */
public record AddProductCommand(@TargetAggregateIdentifier String sku, String name, String category,
                                String family, String variant,
                                Money price, int initialStock) implements ProductCommand {
}
