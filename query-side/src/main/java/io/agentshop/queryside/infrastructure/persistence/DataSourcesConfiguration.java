package io.agentshop.queryside.infrastructure.persistence;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
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

    /**
     * With {@code agentshop.audit.migrate-on-start=false} (what the local launcher does) the audit database was
     * migrated beforehand by {@code migrate-audit}, and this process needs no owner login at all.
     */
    @Bean
    @ConditionalOnProperty(name = "agentshop.audit.migrate-on-start", havingValue = "true", matchIfMissing = true)
    AuditMigration auditMigration(@Qualifier("auditDataSourceProperties") DataSourceProperties audit,
                                  AuditMigration.Owner owner) {
        return new AuditMigration(audit.getUrl(), owner, audit.getUsername());
    }

    /** Created after the migration (when this process runs it), so the pool never sees a half-built schema. */
    @Bean
    @ConfigurationProperties("agentshop.audit.datasource.hikari")
    HikariDataSource auditDataSource(@Qualifier("auditDataSourceProperties") DataSourceProperties properties,
                                     ObjectProvider<AuditMigration> auditMigration) {
        auditMigration.ifAvailable(migration -> {
            // Depending on it is what orders the migration first.
        });
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }

    @Bean
    JdbcTemplate auditJdbc(@Qualifier("auditDataSource") HikariDataSource auditDataSource) {
        return new JdbcTemplate(auditDataSource);
    }
}
