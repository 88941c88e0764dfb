package io.agentshop.queryside;

import io.agentshop.queryside.audit.TrustSettings;
import io.agentshop.queryside.audit.proof.ProofCheck;
import io.agentshop.queryside.audit.reconcile.KafkaReconciliation;
import io.agentshop.queryside.audit.reconcile.ReconciliationResult;
import io.agentshop.queryside.audit.verify.AuditVerifier;
import io.agentshop.queryside.audit.verify.VerificationResult;
import io.agentshop.queryside.consumer.StalledPartitions;
import io.agentshop.queryside.infrastructure.persistence.AuditMigration;
import io.agentshop.queryside.infrastructure.persistence.AuditMigrationTask;
import io.agentshop.appsupport.DevelopmentSecrets;
import io.agentshop.appsupport.ParentProcess;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.tlog.NoteKey;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The read side: builds projections and the audit store from the events on Kafka and serves queries over them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QuerySideApplication {

    /** {@code java -jar query-side.jar verify-audit [--property=value…]}: verify the audit store, exit 0 or 1. */
    public static final String VERIFY_AUDIT = "verify-audit";

    /**
     * {@code java -jar query-side.jar migrate-audit}: migrate the audit database as its owner, then exit. Run before
     * the application (with {@code agentshop.audit.migrate-on-start=false}), the long-running process never holds the
     * owner's password, only the INSERT/SELECT login.
     */
    public static final String MIGRATE_AUDIT = "migrate-audit";

    /**
     * Without the profile {@code local}, both databases' passwords (and the audit owner's, when given) are the
     * deployment's own.
     */
    static final DevelopmentSecrets SECRETS = new DevelopmentSecrets("query side", List.of(
            DevelopmentSecrets.Secret.required("spring.datasource.password", "agentshop-local"),
            DevelopmentSecrets.Secret.required("agentshop.audit.datasource.password", "agentshop-local"),
            DevelopmentSecrets.Secret.ifSet("agentshop.audit.owner.password", "agentshop-local")));

    /** Migrating needs only the audit owner's login, and with it only a password of the deployment's own. */
    static final DevelopmentSecrets MIGRATION_SECRETS = new DevelopmentSecrets("migrate-audit", List.of(
            DevelopmentSecrets.Secret.required("agentshop.audit.owner.password", "agentshop-local")));

    /**
     * {@code java -jar query-side.jar retry-stalled [--projection=name] [--partition=n]}: clears the stalls of the
     * projections' stopped partitions (all, or those named), so the running consumers try those records again; prints
     * what it cleared. Exit 0, or 1 when it could not reach a database.
     */
    public static final String RETRY_STALLED = "retry-stalled";

    /** {@code java -jar query-side.jar verify-proof --proof=<file> --log-key=<vkey>…}: offline, no database. */
    public static final String VERIFY_PROOF = "verify-proof";

    /**
     * {@code java -jar query-side.jar reconcile-audit}: walks the events topic and the audit store side by side
     * (KafkaReconciliation); exit 0 when they match, 1 naming the first mismatch, 2 when it could not read them.
     */
    public static final String RECONCILE_AUDIT = "reconcile-audit";

    /**
     * {@code java -jar query-side.jar audit-log-key [--agentshop.audit.signing-key-file=…]
     * [--agentshop.audit.trust.origin=…]}: creates the checkpoint signing key if there is none and prints its
     * verifier key, for {@code agentshop.audit.trust.log-keys} and for the witness. No database, no Spring.
     */
    public static final String AUDIT_LOG_KEY = "audit-log-key";

    public static void main(String[] args) {
        ParentProcess.exitWithIt();
        if (args.length > 0 && AUDIT_LOG_KEY.equals(args[0])) {
            System.out.println(auditLogKey(Arrays.copyOfRange(args, 1, args.length), System.getenv()));
            System.exit(0);
        }
        if (args.length > 0 && VERIFY_PROOF.equals(args[0])) {
            System.exit(ProofCheck.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && RECONCILE_AUDIT.equals(args[0])) {
            System.exit(reconcileAudit(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && RETRY_STALLED.equals(args[0])) {
            System.exit(retryStalled(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && VERIFY_AUDIT.equals(args[0])) {
            System.exit(verifyAudit(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && MIGRATE_AUDIT.equals(args[0])) {
            System.exit(migrateAudit(Arrays.copyOfRange(args, 1, args.length)));
        }
        try {
            SpringApplication application = new SpringApplication(QuerySideApplication.class);
            SECRETS.guard(application);
            application.run(args);
        } catch (Throwable startFailure) {
            LoggerFactory.getLogger(QuerySideApplication.class).error("query side did not start: {}", startFailure.toString());
            System.exit(1);
        }
    }

    /** The log's verifier key, its key file created if there is none; settings as arguments, else the environment. */
    static NoteKey auditLogKey(String[] args, Map<String, String> environment) {
        String keyFile = environment.getOrDefault("AGENTSHOP_AUDIT_SIGNING_KEY_FILE",
                ".agent-shop/audit-signing-key.pk8");
        String origin = environment.getOrDefault("AGENTSHOP_AUDIT_TRUST_ORIGIN",
                new TrustSettings(null, null, null, null, null).origin());
        for (String arg : args) {
            if (arg.startsWith("--agentshop.audit.signing-key-file=")) {
                keyFile = arg.substring(arg.indexOf('=') + 1);
            } else if (arg.startsWith("--agentshop.audit.trust.origin=")) {
                origin = arg.substring(arg.indexOf('=') + 1);
            }
        }
        return NoteKey.of(origin, NoteKey.ED25519, Ed25519KeyFile.loadOrCreate(Path.of(keyFile)).publicKey());
    }

    /** Migrates the audit database as its owner in a context that starts nothing else; 0 on success, 1 on failure. */
    public static int migrateAudit(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuditMigrationTask.class)
                .listeners(MIGRATION_SECRETS)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off")
                .run(args)) {
            // The migration ran while the context started (AuditMigration is an InitializingBean).
            context.getBean(AuditMigration.class);
            LoggerFactory.getLogger(QuerySideApplication.class).info("audit database migrated");
            return 0;
        } catch (RuntimeException failed) {
            LoggerFactory.getLogger(QuerySideApplication.class).error("audit migration failed: {}", failed.toString());
            return 1;
        }
    }

    /** Clears stalls in a context without web server, consumers or checkpoint schedule; 0 done, 1 failed. */
    public static int retryStalled(String[] args, PrintStream out) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(QuerySideApplication.class)
                .listeners(SECRETS)
                .web(WebApplicationType.NONE)
                .properties("agentshop.consumers.enabled=false", "agentshop.audit.checkpoint.enabled=false",
                        "spring.main.banner-mode=off")
                .run(args)) {
            String projection = context.getEnvironment().getProperty("projection");
            Integer partition = context.getEnvironment().getProperty("partition", Integer.class);
            List<String> cleared = new StalledPartitions(List.of(
                    context.getBean("readModelsJdbc", org.springframework.jdbc.core.JdbcTemplate.class),
                    context.getBean("auditJdbc", org.springframework.jdbc.core.JdbcTemplate.class)))
                    .clear(projection, partition);
            out.println(cleared.isEmpty() ? "no stopped partition matched" : "cleared, to be tried again within"
                    + " seconds: " + String.join("; ", cleared));
            return 0;
        } catch (RuntimeException failed) {
            out.println("stalls could not be cleared: " + failed);
            return 1;
        }
    }

    /**
     * Runs the verifier against the configured audit database in a context without web server, consumers or
     * checkpoint schedule (it only reads), prints the result and returns the exit code: 0 intact, 1 tampered,
     * 2 could not verify. Lazily initialised: only the verifier and what it needs are made, so the private signing
     * key is never loaded, nor created where there is none; the log's and the witness's public keys come from
     * {@code agentshop.audit.trust.*}.
     */
    public static int verifyAudit(String[] args, PrintStream out) {
        try (ConfigurableApplicationContext context = readOnlyContext(args)) {
            VerificationResult result = context.getBean(AuditVerifier.class).verify();
            out.println(result.describe());
            return result.exitCode();
        } catch (RuntimeException cannotVerify) {
            out.println("audit store could not be verified: " + cannotVerify);
            return 2;
        }
    }

    /** Reconciles the audit store with the events topic in a read-only context; 0 match, 1 mismatch, 2 failed. */
    public static int reconcileAudit(String[] args, PrintStream out) {
        try (ConfigurableApplicationContext context = readOnlyContext(args)) {
            ReconciliationResult result = context.getBean(KafkaReconciliation.class).reconcile();
            out.println(result.describe());
            return result.consistent() ? 0 : 1;
        } catch (RuntimeException cannotReconcile) {
            out.println("audit store could not be reconciled: " + cannotReconcile);
            return 2;
        }
    }

    private static ConfigurableApplicationContext readOnlyContext(String[] args) {
        // Reading never migrates: these commands run with whatever login they are given, the writer's too. As an
        // argument, because application.yml's own default would outrank a default property.
        String[] readOnly = Arrays.copyOf(args, args.length + 1);
        readOnly[args.length] = "--agentshop.audit.migrate-on-start=false";
        return new SpringApplicationBuilder(QuerySideApplication.class)
                .web(WebApplicationType.NONE)
                .lazyInitialization(true)
                .properties("agentshop.consumers.enabled=false", "agentshop.audit.checkpoint.enabled=false",
                        "spring.main.banner-mode=off")
                .run(readOnly);
    }
}
