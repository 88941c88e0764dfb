package io.agentshop.queryside;

import io.agentshop.queryside.audit.verify.AuditVerifier;
import io.agentshop.queryside.audit.verify.VerificationResult;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.util.Arrays;

/** The read side: builds projections and the audit store from the events on Kafka and serves queries over them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QuerySideApplication {

    /** {@code java -jar query-side.jar verify-audit [--property=value…]}: verify the audit store, exit 0 or 1. */
    public static final String VERIFY_AUDIT = "verify-audit";

    public static void main(String[] args) {
        if (args.length > 0 && VERIFY_AUDIT.equals(args[0])) {
            System.exit(verifyAudit(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        try {
            SpringApplication.run(QuerySideApplication.class, args);
        } catch (Throwable startFailure) {
            LoggerFactory.getLogger(QuerySideApplication.class).error("query side did not start: {}", startFailure.toString());
            System.exit(1);
        }
    }

    /**
     * Runs the verifier against the configured audit database in a context without web server, consumers or
     * checkpoint schedule (it only reads), prints the result and returns the exit code: 0 intact, 1 tampered,
     * 2 could not verify.
     */
    public static int verifyAudit(String[] args, PrintStream out) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(QuerySideApplication.class)
                .web(WebApplicationType.NONE)
                .properties("agentshop.consumers.enabled=false", "agentshop.audit.checkpoint.enabled=false",
                        "spring.main.banner-mode=off")
                .run(args)) {
            VerificationResult result = context.getBean(AuditVerifier.class).verify();
            out.println(result.describe());
            return result.intact() ? 0 : 1;
        } catch (RuntimeException cannotVerify) {
            out.println("audit store could not be verified: " + cannotVerify);
            return 2;
        }
    }
}
