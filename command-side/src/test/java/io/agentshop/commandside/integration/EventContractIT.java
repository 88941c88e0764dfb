package io.agentshop.commandside.integration;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.Money;
import io.agentshop.commandside.api.account.ChangeAccountModeCommand;
import io.agentshop.commandside.api.account.ChangeDelegationLimitsCommand;
import io.agentshop.commandside.api.account.Limits;
import io.agentshop.commandside.api.account.Mode;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.account.RevokeDelegationCommand;
import io.agentshop.commandside.api.order.ApproveOrderCommand;
import io.agentshop.commandside.api.order.CancelOrderCommand;
import io.agentshop.commandside.api.order.DeclineOrderCommand;
import io.agentshop.commandside.api.order.ExpireOrderApprovalCommand;
import io.agentshop.commandside.api.order.OrderLine;
import io.agentshop.commandside.api.order.PlacedOrder;
import io.agentshop.commandside.api.order.ShipOrderCommand;
import io.agentshop.commandside.api.product.RestockProductCommand;
import io.agentshop.commandside.contract.EventContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every event type the command side can publish, as it lands on Kafka, matches the contract in event-contract/. */
class EventContractIT extends CommandSideIntegrationTest {

    @Autowired
    TestClock clock;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void everyPublishedEventTypeMatchesItsSchema() {
        Limits limits = new Limits(Money.of(500_00, "EUR"), Money.of(5_000_00, "EUR"), Set.of(), Money.of(30_00, "EUR"));
        String userId = customerWithAgent("agent-x", limits);
        Actor agent = Actors.agent(userId, "agent-x");
        Actor person = Actors.person(userId);
        String sku = productWithStock("apparel", 20_00, 50);
        send(new RestockProductCommand(sku, 5), Actors.admin());
        send(new ChangeDelegationLimitsCommand(userId, "agent-x", limits), person);

        String shipped = place(userId, sku, 1, agent).orderId();
        send(new ShipOrderCommand(shipped), Actors.admin());
        String cancelled = place(userId, sku, 1, agent).orderId();
        send(new CancelOrderCommand(cancelled, "changed my mind"), agent);
        String approved = place(userId, sku, 2, agent).orderId();
        send(new ApproveOrderCommand(approved), person);
        String declined = place(userId, sku, 2, agent).orderId();
        send(new DeclineOrderCommand(declined, "too expensive"), person);
        String expired = place(userId, sku, 2, agent).orderId();
        clock.advance(Duration.ofHours(25));
        send(new ExpireOrderApprovalCommand(expired), Actor.system("test"));
        clock.reset();
        send(new RevokeDelegationCommand(userId, "agent-x", "lost phone"), person);
        assertThatThrownBy(() -> place(userId, sku, 1, agent)).isInstanceOf(CommandRefusedException.class);
        send(new ChangeAccountModeCommand(userId, Mode.READ_ONLY, "audit in progress"), Actors.admin());

        Set<String> aggregates = Set.of(userId, sku, shipped, cancelled, approved, declined, expired);
        Set<String> expectedTypes = EventContract.eventTypes().stream().map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        List<JsonNode> envelopes = awaitEnvelopes(e -> aggregates.contains(e.path("aggregateId").asText()), 26);

        Set<String> seenTypes = envelopes.stream().map(e -> e.path("type").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(seenTypes).containsExactlyElementsOf(expectedTypes);
        for (JsonNode envelope : envelopes) {
            assertThat(EventContract.validate(envelope)).as("%s", envelope).isEmpty();
        }
    }

    private PlacedOrder place(String userId, String sku, int quantity, Actor agent) {
        return send(new PlaceOrderCommand(userId, UUID.randomUUID().toString(), List.of(new OrderLine(sku, quantity)),
                UUID.randomUUID().toString(), null), agent);
    }
}
