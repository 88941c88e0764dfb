package io.agentshop.commandside.domain.product;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.Role;
import io.agentshop.commandside.api.order.PricedLine;
import io.agentshop.commandside.api.product.AddProductCommand;
import io.agentshop.commandside.api.product.ProductAdded;
import io.agentshop.commandside.api.product.ProductRestocked;
import io.agentshop.commandside.api.product.ReleaseStockCommand;
import io.agentshop.commandside.api.product.ReserveStockCommand;
import io.agentshop.commandside.api.product.RestockProductCommand;
import io.agentshop.commandside.api.product.StockReleased;
import io.agentshop.commandside.api.product.StockReserved;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.Map;

import static io.agentshop.commandside.domain.Refusals.require;
import static io.agentshop.commandside.domain.Refusals.requireText;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One product variant (SKU) with its price and stock. Stock never goes below zero, and an order gets back exactly
 * what it reserved, once.
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = "commandTargets")
public class Product {

    static final int MAX_RESTOCK = 1_000_000;

    @AggregateIdentifier
    private String sku;
    private String name;
    private String category;
    private Money price;
    private int stock;
    private final Map<String, Integer> reservedByOrder = new HashMap<>();

    protected Product() {
        // For Axon: state is rebuilt from events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void add(AddProductCommand command, Actor actor) {
        require(sku == null, ReasonCode.PRODUCT_EXISTS, "product " + command.sku() + " exists already");
        requireCatalogManager(actor);
        String newSku = requireText(command.sku(), "sku", 64);
        require(newSku.matches("[A-Z0-9][A-Z0-9-]*"), ReasonCode.INVALID_COMMAND,
                "a SKU is upper-case letters, digits and dashes, was '" + newSku + "'");
        require(command.price() != null && command.price().minorUnits() > 0, ReasonCode.INVALID_COMMAND,
                "a product needs a price above zero");
        require(command.initialStock() >= 0 && command.initialStock() <= MAX_RESTOCK, ReasonCode.INVALID_QUANTITY,
                "initial stock must be between 0 and " + MAX_RESTOCK);
        apply(new ProductAdded(newSku, requireText(command.name(), "name", 200),
                requireText(command.category(), "category", 64), requireText(command.family(), "family", 64),
                command.variant() == null ? "" : command.variant(), command.price(), command.initialStock()));
    }

    @CommandHandler
    public void restock(RestockProductCommand command, Actor actor) {
        requireCatalogManager(actor);
        require(command.quantity() >= 1 && command.quantity() <= MAX_RESTOCK, ReasonCode.INVALID_QUANTITY,
                "restock between 1 and " + MAX_RESTOCK + " units, was " + command.quantity());
        require(stock <= Integer.MAX_VALUE - command.quantity(), ReasonCode.INVALID_QUANTITY,
                "stock of " + sku + " would overflow");
        apply(new ProductRestocked(sku, command.quantity(), stock + command.quantity()));
    }

    @CommandHandler
    public void reserve(ReserveStockCommand command) {
        require(command.quantity() >= 1, ReasonCode.INVALID_QUANTITY, "reserve at least one unit");
        require(!reservedByOrder.containsKey(command.orderId()), ReasonCode.INVALID_COMMAND,
                "order " + command.orderId() + " reserved " + sku + " already");
        require(command.quantity() <= stock, ReasonCode.OUT_OF_STOCK,
                stock == 0 ? sku + " is out of stock; choose another size or product"
                        : "only " + stock + " of " + sku + " left; order fewer");
        apply(new StockReserved(sku, command.orderId(), command.quantity(), stock - command.quantity()));
    }

    @CommandHandler
    public void release(ReleaseStockCommand command) {
        Integer reserved = reservedByOrder.get(command.orderId());
        require(reserved != null && reserved == command.quantity(), ReasonCode.INVALID_QUANTITY,
                "order " + command.orderId() + " holds " + (reserved == null ? 0 : reserved) + " of " + sku
                        + ", not " + command.quantity());
        apply(new StockReleased(sku, command.orderId(), command.quantity(), stock + command.quantity()));
    }

    /** The line as priced now; what the Account decides with. */
    public PricedLine quote(int quantity) {
        return new PricedLine(sku, name, category, quantity, price, price.times(quantity));
    }

    private static void requireCatalogManager(Actor actor) {
        require(!actor.isAgent() && (actor.hasRole(Role.ADMIN) || actor.hasRole(Role.SYSTEM)),
                ReasonCode.NOT_AUTHORIZED, "only an admin or the shop manages the catalog");
    }

    @EventSourcingHandler
    void on(ProductAdded event) {
        sku = event.sku();
        name = event.name();
        category = event.category();
        price = event.price();
        stock = event.stock();
    }

    @EventSourcingHandler
    void on(ProductRestocked event) {
        stock = event.stock();
    }

    @EventSourcingHandler
    void on(StockReserved event) {
        stock = event.stock();
        reservedByOrder.put(event.orderId(), event.quantity());
    }

    @EventSourcingHandler
    void on(StockReleased event) {
        stock = event.stock();
        reservedByOrder.remove(event.orderId());
    }
}
