package io.agentshop.commandside.api.product;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds stock (admins and the shop). */
public record RestockProductCommand(@TargetAggregateIdentifier String sku, int quantity) implements ProductCommand {
}
