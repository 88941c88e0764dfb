package io.agentshop.queryside.audit;

import io.agentshop.queryside.audit.checkpoint.AuditSigningKey;
import io.agentshop.queryside.audit.checkpoint.CheckpointAge;
import io.agentshop.queryside.audit.checkpoint.CheckpointSchedule;
import io.agentshop.queryside.audit.checkpoint.CheckpointSettings;
import io.agentshop.queryside.audit.checkpoint.Checkpointer;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.queryside.audit.record.AuditRecords;
import io.agentshop.queryside.audit.record.AuditTrail;
import io.agentshop.queryside.audit.verify.AuditVerifier;
import io.agentshop.queryside.consumer.ProjectionRegistration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The audit store: its projection, its signed checkpoints and its verifier, all on the audit database. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ProjectionRegistration auditTrailRegistration(Clock clock, @Qualifier("auditDataSource") DataSource auditDataSource,
                                                  MeterRegistry meters) {
        return new ProjectionRegistration(new AuditTrail(clock, meters), auditDataSource);
    }

    @Bean
    AuditRecords auditRecords(@Qualifier("auditJdbc") JdbcTemplate auditJdbc) {
        return new AuditRecords(auditJdbc);
    }

    @Bean
    Checkpoints auditCheckpoints(@Qualifier("auditJdbc") JdbcTemplate auditJdbc) {
        return new Checkpoints(auditJdbc);
    }

    /** A relative default resolves against the working directory, like the local system's other data. */
    @Bean
    AuditSigningKey auditSigningKey(
            @Value("${agentshop.audit.signing-key-file:.agent-shop/audit-signing-key.pk8}") String file) {
        return AuditSigningKey.loadOrCreate(Path.of(file));
    }

    @Bean
    Checkpointer auditCheckpointer(AuditRecords records, Checkpoints checkpoints, AuditSigningKey key, Clock clock,
                                   CheckpointSettings settings) {
        return new Checkpointer(records, checkpoints, key, clock, settings);
    }

    @Bean
    @ConditionalOnProperty(name = "agentshop.audit.checkpoint.enabled", havingValue = "true", matchIfMissing = true)
    CheckpointSchedule auditCheckpointSchedule(Checkpointer checkpointer, CheckpointSettings settings) {
        return new CheckpointSchedule(checkpointer, settings);
    }

    /** The age of the latest checkpoint as a gauge; its time is read from the database at most every 5 seconds. */
    @Bean
    CheckpointAge auditCheckpointAge(Checkpoints checkpoints, Clock clock) {
        return new CheckpointAge(checkpoints, clock, Duration.ofSeconds(5));
    }

    @Bean
    AuditVerifier auditVerifier(AuditRecords records, Checkpoints checkpoints, AuditSigningKey key, Clock clock) {
        return new AuditVerifier(records, checkpoints, key, clock);
    }
}
