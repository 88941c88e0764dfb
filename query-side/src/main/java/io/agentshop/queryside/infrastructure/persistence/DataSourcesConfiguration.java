package io.agentshop.queryside.infrastructure.persistence;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two databases, two logins: read models ({@code spring.datasource.*}, the owner of its database, migrated by Spring
 * Boot's Flyway from {@code db/bookkeeping} and {@code db/readmodels}) and the audit store
 * ({@code agentshop.audit.datasource.*}, a role that only ever INSERTs and SELECTs; migrated as its owner by
 * {@link AuditMigration} from {@code db/bookkeeping} and {@code db/audit}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditMigration.Owner.class)
public class DataSourcesConfiguration {

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource")
    DataSourceProperties readModelsDataSourceProperties() {
        return new DataSourceProperties();
    }

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource readModelsDataSource(DataSourceProperties readModelsDataSourceProperties) {
        return readModelsDataSourceProperties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }

    @Bean
    @Primary
    JdbcTemplate readModelsJdbc(HikariDataSource readModelsDataSource) {
        return new JdbcTemplate(readModelsDataSource);
    }

    @Bean
    @ConfigurationProperties("agentshop.audit.datasource")
    DataSourceProperties auditDataSourceProperties() {
        return new DataSourceProperties();
    }

    @Bean
    AuditMigration auditMigration(@Qualifier("auditDataSourceProperties") DataSourceProperties audit,
                                  AuditMigration.Owner owner) {
        return new AuditMigration(audit.getUrl(), owner, audit.getUsername());
    }

    /** Created after the migration, so the pool never sees a half-built schema. */
    @Bean
    @ConfigurationProperties("agentshop.audit.datasource.hikari")
    HikariDataSource auditDataSource(@Qualifier("auditDataSourceProperties") DataSourceProperties properties,
                                     AuditMigration auditMigration) {
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }

    @Bean
    JdbcTemplate auditJdbc(@Qualifier("auditDataSource") HikariDataSource auditDataSource) {
        return new JdbcTemplate(auditDataSource);
    }
}
