package io.agentshop.queryside.audit;

import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.queryside.audit.checkpoint.CheckpointAge;
import io.agentshop.queryside.audit.checkpoint.CheckpointSchedule;
import io.agentshop.queryside.audit.checkpoint.CheckpointSettings;
import io.agentshop.queryside.audit.checkpoint.Checkpointer;
import io.agentshop.queryside.audit.checkpoint.Checkpoints;
import io.agentshop.queryside.audit.checkpoint.LogKeys;
import io.agentshop.queryside.audit.proof.RecordProofs;
import io.agentshop.queryside.audit.reconcile.KafkaReconciliation;
import io.agentshop.queryside.audit.verify.StoreGuards;
import io.agentshop.queryside.infrastructure.kafka.EventsTopicSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.queryside.audit.witness.WitnessAnchor;
import io.agentshop.queryside.audit.witness.WitnessClient;
import io.agentshop.queryside.audit.witness.WitnessHealth;
import io.agentshop.queryside.audit.witness.Witnessing;
import io.agentshop.tlog.NoteKey;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
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
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The audit store: its projection, its signed checkpoints, their witness and the verifier. Beans that hold the
 * private key are lazy, so a verifying command never loads or creates one.
 */
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

    /**
     * The private key that signs checkpoints. A relative default resolves against the working directory, like the
     * local system's other data. Only what signs asks for it: the verifier works with {@link LogKeys} alone.
     */
    @Bean
    @Lazy
    Ed25519KeyFile auditSigningKey(
            @Value("${agentshop.audit.signing-key-file:.agent-shop/audit-signing-key.pk8}") String file) {
        return Ed25519KeyFile.loadOrCreate(Path.of(file));
    }

    @Bean
    LogKeys auditLogKeys(TrustSettings trust) {
        return LogKeys.parse(trust.origin(), trust.logKeys());
    }

    @Bean
    @Lazy
    Checkpointer auditCheckpointer(AuditRecords records, Checkpoints checkpoints, Ed25519KeyFile key,
                                   TrustSettings trust, Clock clock, CheckpointSettings settings) {
        return new Checkpointer(records, checkpoints, key, trust.origin(), clock, settings);
    }

    @Bean
    @ConditionalOnProperty(name = "agentshop.audit.trust.witness-url")
    WitnessClient auditWitnessClient(TrustSettings trust) {
        return new WitnessClient(URI.create(trust.witnessUrl()));
    }

    @Bean
    @ConditionalOnProperty(name = "agentshop.audit.trust.witness-url")
    Witnessing auditWitnessing(WitnessClient witness, Checkpoints checkpoints, AuditRecords records, Clock clock) {
        return new Witnessing(witness, checkpoints, records, clock);
    }

    /** Always there (UNKNOWN without a witness), so the readiness group may name it whatever is configured. */
    @Bean("auditWitness")
    WitnessHealth auditWitnessHealth(ObjectProvider<Witnessing> witnessing) {
        return new WitnessHealth(witnessing.getIfAvailable());
    }

    @Bean
    @ConditionalOnProperty(name = "agentshop.audit.trust.witness-url")
    WitnessAnchor auditWitnessAnchor(WitnessClient witness, LogKeys logKeys, TrustSettings trust) {
        return new WitnessAnchor(witness, logKeys, trust.witnessKeys().stream().map(NoteKey::parse).toList());
    }

    @Bean
    @ConditionalOnProperty(name = "agentshop.audit.checkpoint.enabled", havingValue = "true", matchIfMissing = true)
    CheckpointSchedule auditCheckpointSchedule(Checkpointer checkpointer, ObjectProvider<Witnessing> witnessing,
                                               CheckpointSettings settings) {
        return new CheckpointSchedule(checkpointer, witnessing.getIfAvailable(), settings);
    }

    /** The writer login is the role whose grants the verifier checks: the one this process appends with. */
    @Bean
    StoreGuards auditStoreGuards(@Qualifier("auditJdbc") JdbcTemplate auditJdbc,
                                 @Value("${agentshop.audit.datasource.username}") String writerRole) {
        return new StoreGuards(auditJdbc, writerRole);
    }

    /** The age of the latest checkpoint as a gauge; its time is read from the database at most every 5 seconds. */
    @Bean
    CheckpointAge auditCheckpointAge(Checkpoints checkpoints, Clock clock) {
        return new CheckpointAge(checkpoints, clock, Duration.ofSeconds(5));
    }

    @Bean
    RecordProofs auditRecordProofs(AuditRecords records, Checkpoints checkpoints,
                                   ObjectProvider<WitnessClient> witness, TrustSettings trust) {
        return new RecordProofs(records, checkpoints, Optional.ofNullable(witness.getIfAvailable()), trust.origin());
    }

    @Bean
    @Lazy
    KafkaReconciliation auditKafkaReconciliation(@Qualifier("auditJdbc") JdbcTemplate auditJdbc,
                                                 EventsTopicSettings topic, ObjectMapper json, Clock clock) {
        return new KafkaReconciliation(auditJdbc, topic.bootstrapServers(), topic.eventsTopic(), json, clock);
    }

    @Bean
    AuditVerifier auditVerifier(AuditRecords records, Checkpoints checkpoints, LogKeys logKeys,
                                ObjectProvider<WitnessAnchor> witness, StoreGuards guards, TrustSettings trust,
                                Clock clock) {
        return new AuditVerifier(records, checkpoints, logKeys, Optional.ofNullable(witness.getIfAvailable()), guards,
                trust.maxWitnessLag(), clock);
    }
}
