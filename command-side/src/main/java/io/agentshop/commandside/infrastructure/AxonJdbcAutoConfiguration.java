package io.agentshop.commandside.infrastructure;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Ordering only. Axon 4.13's JDBC, transaction and ObjectMapper auto-configurations, and db-scheduler's Boot 3
 * starter, order themselves after Spring Boot 3's class names; on Boot 4 those names are gone, so they were evaluated
 * before Boot's DataSource, transaction manager and Jackson 2 ObjectMapper existed and silently backed off (no
 * PersistenceExceptionResolver, NoTransactionManager, no Scheduler so no DeadlineManager). Sitting after Boot's and
 * before theirs puts them back in order.
 */
@AutoConfiguration(after = CommandSideAutoConfiguration.class,
        afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
                "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration"},
        beforeName = {"org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
                "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration",
                "org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration",
                "org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration",
                "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
                "com.github.kagkarlsson.scheduler.boot.autoconfigure.DbSchedulerAutoConfiguration"})
public class AxonJdbcAutoConfiguration {
}
