package io.agentshop.queryside.infrastructure.persistence;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The whole context of {@code migrate-audit}: the audit URL, the owner's login and the writer role's name, nothing
 * else. Deliberately not a {@code @Configuration}, so the application's component scan leaves it out.
 */
@EnableConfigurationProperties(AuditMigration.Owner.class)
public class AuditMigrationTask {

    @Bean
    AuditMigration auditMigration(Environment environment, AuditMigration.Owner owner) {
        return new AuditMigration(environment.getRequiredProperty("agentshop.audit.datasource.url"), owner,
                environment.getRequiredProperty("agentshop.audit.datasource.username"));
    }
}
