package io.agentshop.commandside.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.Scheduler;
import io.agentshop.commandside.domain.account.Account;
import io.agentshop.commandside.domain.order.Order;
import io.agentshop.commandside.domain.product.Product;
import io.agentshop.commandside.infrastructure.axon.CommandTargets;
import io.agentshop.commandside.infrastructure.axon.ShopEventStorageEngine;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon's and db-scheduler's auto-configurations order themselves after Spring Boot 3 class names; on Boot 4 they would
 * run before Boot's DataSource and quietly fall back (an in-memory token store, no transactions, no deadline manager,
 * Axon's own plain ObjectMapper). AxonJdbcAutoConfiguration puts them in order: this checks what got wired.
 */
class AxonWiringIT extends CommandSideIntegrationTest {

    @Autowired
    TokenStore tokenStore;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    PersistenceExceptionResolver persistenceExceptionResolver;

    @Autowired
    EventStorageEngine eventStorageEngine;

    @Autowired
    DeadlineManager deadlineManager;

    @Autowired
    Scheduler scheduler;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    @Autowired
    ObjectMapper bootsObjectMapper;

    @Autowired
    ApplicationContext context;

    @Test
    void theRelaysTokensTransactionsDeadlinesAndSerializerAreTheDatabaseBackedOnes() {
        assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
        assertThat(transactionManager).isInstanceOf(SpringTransactionManager.class);
        assertThat(persistenceExceptionResolver).isInstanceOf(JdbcSQLErrorCodesResolver.class);
        assertThat(eventStorageEngine).isInstanceOf(ShopEventStorageEngine.class);
        assertThat(deadlineManager).isInstanceOf(DbSchedulerDeadlineManager.class);
        assertThat(scheduler).isNotNull();
        assertThat(eventSerializer).isInstanceOf(JacksonSerializer.class);
        assertThat(((JacksonSerializer) eventSerializer).getObjectMapper()).as("Boot's Jackson 2 mapper, not Axon's own")
                .isSameAs(bootsObjectMapper);
    }

    /** Without it Axon quietly walks each command's members on every command again (CommandTargets). */
    @Test
    void everyAggregateFindsItsCommandsTargetsThroughTheResolverThatLooksOncePerClass() {
        for (Class<?> aggregate : List.of(Account.class, Order.class, Product.class)) {
            String resolver = aggregate.getAnnotation(Aggregate.class).commandTargetResolver();
            assertThat(context.getBean(resolver)).as(aggregate.getSimpleName()).isInstanceOf(CommandTargets.class);
        }
    }
}
