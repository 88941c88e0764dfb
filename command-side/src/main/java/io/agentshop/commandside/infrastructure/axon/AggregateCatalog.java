package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.order.PricedLine;
import io.agentshop.commandside.api.product.ReleaseStockCommand;
import io.agentshop.commandside.api.product.ReserveStockCommand;
import io.agentshop.commandside.domain.Catalog;
import io.agentshop.commandside.domain.product.Product;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * The catalog read from the Product aggregates themselves, in the deciding command's unit of work: the price is the
 * one stored, stock is taken by commands to each Product that commit (or roll back) with the placement.
 */
public final class AggregateCatalog implements Catalog {

    private final Repository<Product> products;
    private final CommandGateway commands;

    public AggregateCatalog(Repository<Product> products, CommandGateway commands) {
        this.products = products;
        this.commands = commands;
    }

    @Override
    public PricedLine price(String sku, int quantity) {
        try {
            return products.load(sku).invoke(product -> product.quote(quantity));
        } catch (AggregateNotFoundException unknown) {
            throw new CommandRefusedException(ReasonCode.UNKNOWN_SKU,
                    "there is no product " + sku + "; search the catalog for the exact SKU");
        }
    }

    @Override
    public void reserve(String orderId, String sku, int quantity) {
        send(new ReserveStockCommand(sku, orderId, quantity));
    }

    @Override
    public void release(String orderId, String sku, int quantity) {
        send(new ReleaseStockCommand(sku, orderId, quantity));
    }

    /**
     * Nested in the current unit of work, so it commits or rolls back with it; it carries the current correlation
     * data (the Actor, and the chain's correlation id), so the stock events trace back to the tool call.
     */
    private void send(Object command) {
        MetaData metaData = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().getCorrelationData() : MetaData.emptyInstance();
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .withMetaData(metaData.and(RejectionRecordingCommandBus.NESTED, true)));
    }
}
