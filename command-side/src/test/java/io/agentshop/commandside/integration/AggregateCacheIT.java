package io.agentshop.commandside.integration;

import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.Scope;
import io.agentshop.commandside.api.account.AccountModeChanged;
import io.agentshop.commandside.api.account.AuthorizeReadCommand;
import io.agentshop.commandside.api.account.Mode;
import io.agentshop.commandside.api.account.PlaceOrderCommand;
import io.agentshop.commandside.api.order.OrderLine;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Aggregates stay in memory between commands, through garbage collections, and a refused command leaves none of its half-made changes there: the
 * aggregates it touched are evicted and the next command reads them from their events. No handler runs inside Axon's
 * per-invocation timeouts (PostgreSQL's timeouts bound the work).
 */
class AggregateCacheIT extends CommandSideIntegrationTest {

    @Autowired
    Cache aggregateCache;

    @Autowired
    ApplicationContext context;

    @Autowired
    EventStorageEngine events;

    @Test
    void anAccountAndAProductStayCachedAfterAnOrderAndAreEvictedWhenOneIsRefused() {
        String userId = customerWithAgent("agent-cache", generousLimits());
        String sku = productWithStock("kitchen", 4_00, 3);

        send(new PlaceOrderCommand(userId, UUID.randomUUID().toString(), List.of(new OrderLine(sku, 1)), "first",
                null), Actors.agent(userId, "agent-cache"));

        assertThat(aggregateCache.containsKey(userId)).isTrue();
        assertThat(aggregateCache.containsKey(sku)).isTrue();
        System.gc(); // a weak-reference cache would lose them here, as it does at every collection under load
        assertThat(aggregateCache.containsKey(userId)).as("held strongly, through a collection").isTrue();

        CommandRefusedException refused = catchThrowableOfType(() -> send(new PlaceOrderCommand(userId,
                UUID.randomUUID().toString(), List.of(new OrderLine(sku, 5)), "too-many", null),
                Actors.agent(userId, "agent-cache")), CommandRefusedException.class);

        assertThat(refused.reason()).isEqualTo(ReasonCode.OUT_OF_STOCK);
        assertThat(aggregateCache.containsKey(userId)).isFalse();
        assertThat(aggregateCache.containsKey(sku)).isFalse();
    }

    @Test
    void aBanAnotherNodeStoredHoldsForTheVeryNextReadEvenWithTheAccountCachedHere() {
        String userId = customerWithAgent("agent-elsewhere", generousLimits());
        send(new AuthorizeReadCommand(userId, Scope.CATALOG_READ.value()), Actors.agent(userId, "agent-elsewhere"));
        assertThat(aggregateCache.containsKey(userId)).as("the account is cached on this node").isTrue();

        // Another edge node bans the account: its event lands in the shared store, not in this node's cache.
        long next = events.lastSequenceNumberFor(userId).orElseThrow() + 1;
        events.appendEvents(new GenericDomainEventMessage<>("Account", userId, next,
                new AccountModeChanged(userId, Mode.ACTIVE, Mode.BANNED, "banned on another node"),
                Actors.as(Actors.admin())));

        CommandRefusedException refused = catchThrowableOfType(() -> send(new AuthorizeReadCommand(userId,
                Scope.CATALOG_READ.value()), Actors.agent(userId, "agent-elsewhere")), CommandRefusedException.class);

        assertThat(refused).as("a read decided on this node's stale cache would have been allowed").isNotNull();
        assertThat(refused.reason()).isEqualTo(ReasonCode.ACCOUNT_BANNED);
    }

    @Test
    void noHandlerRunsInsideAxonsPerInvocationTimeouts() {
        assertThat(context.getBeansOfType(HandlerTimeoutHandlerEnhancerDefinition.class)).isEmpty();
    }
}
