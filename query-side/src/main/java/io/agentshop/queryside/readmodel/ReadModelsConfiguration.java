package io.agentshop.queryside.readmodel;

import io.agentshop.queryside.consumer.ProjectionRegistration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;

/** The read models, each its own consumer group on the read-models database, so each can be rebuilt alone. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadsSettings.class)
public class ReadModelsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ReadModelCommits readModelCommits() {
        return new ReadModelCommits();
    }

    @Bean
    ProjectionRegistration catalogProjection(@Qualifier("readModelsDataSource") DataSource readModels,
                                             ReadModelCommits commits) {
        return new ProjectionRegistration(new CatalogProjection(), readModels, commits::committed);
    }

    @Bean
    ProjectionRegistration ordersProjection(@Qualifier("readModelsDataSource") DataSource readModels,
                                            ReadModelCommits commits) {
        return new ProjectionRegistration(new OrdersProjection(), readModels, commits::committed);
    }

    @Bean
    ProjectionRegistration accountsProjection(@Qualifier("readModelsDataSource") DataSource readModels,
                                              ReadModelCommits commits) {
        return new ProjectionRegistration(new AccountsProjection(), readModels, commits::committed);
    }
}
