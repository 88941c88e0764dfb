package io.agentshop.queryside.readmodel;

import io.agentshop.queryside.consumer.ProjectionRegistration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The read models, fed by one consumer on the read-models database: each record is read once and applied to all three
 * in one transaction, each with its own offsets and applied events, so each can still be rebuilt alone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadsSettings.class)
public class ReadModelsConfiguration {

    /** The live consumer (and Kafka group) of the read models. */
    public static final String READ_MODELS = "read-models";

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
        return new ProjectionRegistration(new CatalogProjection(), readModels, commits::committed, READ_MODELS);
    }

    @Bean
    ProjectionRegistration ordersProjection(@Qualifier("readModelsDataSource") DataSource readModels,
                                            ReadModelCommits commits) {
        return new ProjectionRegistration(new OrdersProjection(), readModels, commits::committed, READ_MODELS);
    }

    @Bean
    ProjectionRegistration accountsProjection(@Qualifier("readModelsDataSource") DataSource readModels,
                                              ReadModelCommits commits) {
        return new ProjectionRegistration(new AccountsProjection(), readModels, commits::committed, READ_MODELS);
    }
}
