package io.agentshop.commandside.domain.product;

import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.order.PricedLine;
import io.agentshop.commandside.api.product.AddProductCommand;
import io.agentshop.commandside.api.product.ProductAdded;
import io.agentshop.commandside.api.product.ProductRestocked;
import io.agentshop.commandside.api.product.ReleaseStockCommand;
import io.agentshop.commandside.api.product.ReserveStockCommand;
import io.agentshop.commandside.api.product.RestockProductCommand;
import io.agentshop.commandside.api.product.StockReleased;
import io.agentshop.commandside.api.product.StockReserved;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.agentshop.commandside.domain.fixtures.Actors.admin;
import static io.agentshop.commandside.domain.fixtures.Actors.agent;
import static io.agentshop.commandside.domain.fixtures.Actors.agentOfAnAdmin;
import static io.agentshop.commandside.domain.fixtures.Actors.as;
import static io.agentshop.commandside.domain.fixtures.Actors.customer;
import static io.agentshop.commandside.domain.fixtures.Actors.shop;
import static io.agentshop.commandside.domain.fixtures.Refused.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

/** A product variant: its price, and stock that never goes below zero and comes back exactly as reserved. */
class ProductTest {

    private static final String SKU = "SHIRT-CLASSIC-M";
    private static final String ORDER = "order-1";
    private static final String OTHER_ORDER = "order-2";
    private static final Money PRICE = Money.of(25_00, "EUR");

    private AggregateTestFixture<Product> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
    }

    // ---------------------------------------------------------------- adding

    @Test
    void anAdminAddsAProduct() {
        fixture.givenNoPriorActivity()
                .when(add(SKU, PRICE, 10), as(admin()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(added(10));
    }

    @Test
    void theShopAddsAProductFromItsSeedCatalog() {
        fixture.givenNoPriorActivity()
                .when(add(SKU, PRICE, 0), as(shop()))
                .expectEvents(added(0));
    }

    @Test
    void aProductWithoutVariantsHasAnEmptyVariant() {
        fixture.givenNoPriorActivity()
                .when(new AddProductCommand("MUG-BLUE", "Blue mug", "kitchen", "mug", null, PRICE, 3), as(admin()))
                .expectEvents(new ProductAdded("MUG-BLUE", "Blue mug", "kitchen", "mug", "", PRICE, 3));
    }

    /**
     * Fails against the current code: {@code AddProductCommand} has no {@code @TargetAggregateIdentifier}, so Axon never
     * loads the existing product for this create-if-missing handler; the check {@code sku == null} always passes and
     * the duplicate {@code ProductAdded} only bounces off the event store's sequence constraint (a system error,
     * not {@code PRODUCT_EXISTS}).
     */
    @Test
    void aProductIsAddedOnce() {
        refused(fixture.given(added(10))
                .when(add(SKU, PRICE, 5), as(admin())), ReasonCode.PRODUCT_EXISTS);
    }

    @Test
    void aCustomerCannotAddProducts() {
        refused(fixture.givenNoPriorActivity()
                .when(add(SKU, PRICE, 10), as(customer())), ReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void anAdminsAgentCannotAddProducts() {
        refused(fixture.givenNoPriorActivity()
                .when(add(SKU, PRICE, 10), as(agentOfAnAdmin())), ReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void aSkuIsUpperCaseLettersDigitsAndDashes() {
        refused(fixture.givenNoPriorActivity()
                .when(add("shirt classic m", PRICE, 10), as(admin())), ReasonCode.INVALID_COMMAND);
    }

    @Test
    void aProductNeedsAPriceAboveZero() {
        refused(fixture.givenNoPriorActivity()
                .when(add(SKU, Money.zero("EUR"), 10), as(admin())), ReasonCode.INVALID_COMMAND);
    }

    @Test
    void aProductNeedsAPrice() {
        refused(fixture.givenNoPriorActivity()
                .when(add(SKU, null, 10), as(admin())), ReasonCode.INVALID_COMMAND);
    }

    @Test
    void aProductNeedsAName() {
        refused(fixture.givenNoPriorActivity()
                .when(new AddProductCommand(SKU, " ", "apparel", "shirt-classic", "size M", PRICE, 10), as(admin())),
                ReasonCode.INVALID_COMMAND);
    }

    @Test
    void initialStockIsNeverNegative() {
        refused(fixture.givenNoPriorActivity()
                .when(add(SKU, PRICE, -1), as(admin())), ReasonCode.INVALID_QUANTITY);
    }

    @Test
    void initialStockIsAtMostAMillion() {
        refused(fixture.givenNoPriorActivity()
                .when(add(SKU, PRICE, Product.MAX_RESTOCK + 1), as(admin())), ReasonCode.INVALID_QUANTITY);
    }

    @Test
    void aProductQuotesItsPriceForAQuantity() {
        fixture.given(added(10))
                .whenInvoking(SKU, product -> assertThat(product.quote(3)).isEqualTo(
                        new PricedLine(SKU, "Classic shirt, size M", "apparel", 3, PRICE, Money.of(75_00, "EUR"))))
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- restocking

    @Test
    void anAdminRestocksAProduct() {
        fixture.given(added(10))
                .when(new RestockProductCommand(SKU, 5), as(admin()))
                .expectEvents(new ProductRestocked(SKU, 5, 15));
    }

    @Test
    void restockingAddsToWhatIsLeftAfterReservations() {
        fixture.given(added(10), new StockReserved(SKU, ORDER, 4, 6))
                .when(new RestockProductCommand(SKU, 5), as(shop()))
                .expectEvents(new ProductRestocked(SKU, 5, 11));
    }

    @Test
    void restockingNothingIsRefused() {
        refused(fixture.given(added(10))
                .when(new RestockProductCommand(SKU, 0), as(admin())), ReasonCode.INVALID_QUANTITY);
    }

    @Test
    void restockingANegativeQuantityIsRefused() {
        refused(fixture.given(added(10))
                .when(new RestockProductCommand(SKU, -5), as(admin())), ReasonCode.INVALID_QUANTITY);
    }

    @Test
    void restockingMoreThanAMillionAtOnceIsRefused() {
        refused(fixture.given(added(10))
                .when(new RestockProductCommand(SKU, Product.MAX_RESTOCK + 1), as(admin())),
                ReasonCode.INVALID_QUANTITY);
    }

    @Test
    void aRestockThatWouldOverflowTheStockIsRefused() {
        refused(fixture.given(added(Integer.MAX_VALUE - 10))
                .when(new RestockProductCommand(SKU, 11), as(admin())), ReasonCode.INVALID_QUANTITY);
    }

    @Test
    void aRestockUpToTheLargestStockIsAllowed() {
        fixture.given(added(Integer.MAX_VALUE - 10))
                .when(new RestockProductCommand(SKU, 10), as(admin()))
                .expectEvents(new ProductRestocked(SKU, 10, Integer.MAX_VALUE));
    }

    @Test
    void aCustomerCannotRestock() {
        refused(fixture.given(added(10))
                .when(new RestockProductCommand(SKU, 5), as(customer())), ReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void anAgentCannotRestock() {
        refused(fixture.given(added(10))
                .when(new RestockProductCommand(SKU, 5), as(agent())), ReasonCode.NOT_AUTHORIZED);
    }

    // ---------------------------------------------------------------- reserving

    @Test
    void anOrderReservesStock() {
        fixture.given(added(10))
                .when(new ReserveStockCommand(SKU, ORDER, 3), as(agent()))
                .expectEvents(new StockReserved(SKU, ORDER, 3, 7));
    }

    @Test
    void theLastUnitCanBeReserved() {
        fixture.given(added(10), new StockReserved(SKU, OTHER_ORDER, 9, 1))
                .when(new ReserveStockCommand(SKU, ORDER, 1), as(agent()))
                .expectEvents(new StockReserved(SKU, ORDER, 1, 0));
    }

    @Test
    void reservingMoreThanTheStockIsRefused() {
        refused(fixture.given(added(10), new StockReserved(SKU, OTHER_ORDER, 8, 2))
                .when(new ReserveStockCommand(SKU, ORDER, 3), as(agent())), ReasonCode.OUT_OF_STOCK);
    }

    @Test
    void nothingCanBeReservedFromAnEmptyShelf() {
        refused(fixture.given(added(0))
                .when(new ReserveStockCommand(SKU, ORDER, 1), as(agent())), ReasonCode.OUT_OF_STOCK);
    }

    @Test
    void reservingNothingIsRefused() {
        refused(fixture.given(added(10))
                .when(new ReserveStockCommand(SKU, ORDER, 0), as(agent())), ReasonCode.INVALID_QUANTITY);
    }

    @Test
    void reservingANegativeQuantityIsRefused() {
        refused(fixture.given(added(10))
                .when(new ReserveStockCommand(SKU, ORDER, -2), as(agent())), ReasonCode.INVALID_QUANTITY);
    }

    @Test
    void anOrderReservesAProductOnce() {
        refused(fixture.given(added(10), new StockReserved(SKU, ORDER, 2, 8))
                .when(new ReserveStockCommand(SKU, ORDER, 2), as(agent())), ReasonCode.INVALID_COMMAND);
    }

    // ---------------------------------------------------------------- releasing

    @Test
    void releasingGivesBackWhatTheOrderReserved() {
        fixture.given(added(10), new StockReserved(SKU, ORDER, 3, 7))
                .when(new ReleaseStockCommand(SKU, ORDER, 3), as(agent()))
                .expectEvents(new StockReleased(SKU, ORDER, 3, 10));
    }

    @Test
    void releasingLeavesOtherOrdersReservationsAlone() {
        fixture.given(added(10), new StockReserved(SKU, ORDER, 3, 7), new StockReserved(SKU, OTHER_ORDER, 4, 3))
                .when(new ReleaseStockCommand(SKU, ORDER, 3), as(agent()))
                .expectEvents(new StockReleased(SKU, ORDER, 3, 6));
    }

    @Test
    void anOrderCannotReleaseMoreThanItReserved() {
        refused(fixture.given(added(10), new StockReserved(SKU, ORDER, 3, 7))
                .when(new ReleaseStockCommand(SKU, ORDER, 4), as(agent())), ReasonCode.INVALID_QUANTITY);
    }

    @Test
    void anOrderCannotReleaseLessThanItReserved() {
        refused(fixture.given(added(10), new StockReserved(SKU, ORDER, 3, 7))
                .when(new ReleaseStockCommand(SKU, ORDER, 2), as(agent())), ReasonCode.INVALID_QUANTITY);
    }

    @Test
    void anOrderThatReservedNothingReleasesNothing() {
        refused(fixture.given(added(10), new StockReserved(SKU, OTHER_ORDER, 3, 7))
                .when(new ReleaseStockCommand(SKU, ORDER, 3), as(agent())), ReasonCode.INVALID_QUANTITY);
    }

    @Test
    void anOrdersStockIsReleasedOnce() {
        refused(fixture.given(added(10), new StockReserved(SKU, ORDER, 3, 7), new StockReleased(SKU, ORDER, 3, 10))
                .when(new ReleaseStockCommand(SKU, ORDER, 3), as(agent())), ReasonCode.INVALID_QUANTITY);
    }

    // ---------------------------------------------------------------- helpers

    private static void refused(ResultValidator<Product> result, ReasonCode reason) {
        result.expectNoEvents().expectException(refusedWith(reason));
    }

    private static AddProductCommand add(String sku, Money price, int initialStock) {
        return new AddProductCommand(sku, "Classic shirt, size M", "apparel", "shirt-classic", "size M", price,
                initialStock);
    }

    private static ProductAdded added(int stock) {
        return new ProductAdded(SKU, "Classic shirt, size M", "apparel", "shirt-classic", "size M", PRICE, stock);
    }
}
