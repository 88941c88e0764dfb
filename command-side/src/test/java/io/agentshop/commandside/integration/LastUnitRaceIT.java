package io.agentshop.commandside.integration;

import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.order.OrderLine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Stock never goes negative, even when twenty agents want the last unit at the same moment. */
class LastUnitRaceIT extends CommandSideIntegrationTest {

    static final int AGENTS = 20;

    @Test
    void exactlyOneOfTwentyConcurrentOrdersGetsTheLastUnit() throws Exception {
        String sku = productWithStock("apparel", 25_00, 1);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            users.add(customerWithAgent("racer", generousLimits()));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(AGENTS);
        List<Future<ReasonCode>> outcomes = new ArrayList<>();
        for (String user : users) {
            outcomes.add(threads.submit(() -> {
                start.await();
                try {
                    send(new PlaceOrderCommand(user, UUID.randomUUID().toString(), List.of(new OrderLine(sku, 1)),
                            "last-unit", null), Actors.agent(user, "racer"));
                    return null;
                } catch (CommandRefusedException refused) {
                    return refused.reason();
                }
            }));
        }
        start.countDown();
        List<ReasonCode> reasons = new ArrayList<>();
        for (Future<ReasonCode> outcome : outcomes) {
            reasons.add(outcome.get(60, TimeUnit.SECONDS));
        }
        threads.shutdown();

        assertThat(reasons).filteredOn(reason -> reason == null).hasSize(1);
        assertThat(reasons).filteredOn(reason -> reason != null).hasSize(AGENTS - 1)
                .containsOnly(ReasonCode.OUT_OF_STOCK);
        assertThat(storedPayloadTypes(sku)).containsExactly("ProductAdded", "StockReserved");
        Integer stock = jdbc.queryForObject("SELECT (convert_from(payload, 'UTF8')::jsonb ->> 'stock')::int"
                + " FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber DESC LIMIT 1",
                Integer.class, sku);
        assertThat(stock).isZero();
    }
}
