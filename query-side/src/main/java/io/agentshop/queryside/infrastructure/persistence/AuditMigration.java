package io.agentshop.queryside.infrastructure.persistence;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * Migrates the audit database as its owner, so that the application's own login ({@code agentshop.audit.datasource})
 * can be left with INSERT and SELECT only: it could not have created, altered or granted anything.
 */
public final class AuditMigration implements InitializingBean {

    private final String url;
    private final Owner owner;
    private final String writerRole;

    public AuditMigration(String url, Owner owner, String writerRole) {
        this.url = url;
        this.owner = owner;
        this.writerRole = writerRole;
    }

    @Override
    public void afterPropertiesSet() {
        Flyway.configure()
                .dataSource(url, owner.username(), owner.password())
                .locations("classpath:db/bookkeeping", "classpath:db/audit")
                .placeholders(Map.of("writerRole", writerRole))
                .load()
                .migrate();
    }

    /** The audit database owner's login: {@code agentshop.audit.owner.*}. */
    @ConfigurationProperties("agentshop.audit.owner")
    public record Owner(String username, String password) {
    }
}
