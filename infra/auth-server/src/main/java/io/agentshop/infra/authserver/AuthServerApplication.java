package io.agentshop.infra.authserver;

import io.agentshop.appsupport.DevelopmentSecrets;
import io.agentshop.appsupport.ParentProcess;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
  * The development authorization server of Agent Shop: everything in memory, keys generated at start.
  * Production points the edge at any standards-compliant authorization server instead.
  */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthServerApplication {

    /** Without the profile {@code local}, the edge's client secret must be the deployment's own. */
    static final DevelopmentSecrets SECRETS = new DevelopmentSecrets("authorization server", List.of(
            DevelopmentSecrets.Secret.required("agentshop.auth.edge-client.client-secret", "agentshop-edge-local-secret"),
            DevelopmentSecrets.Secret.ifSet("agentshop.auth.console-web-client.client-secret",
                    "agentshop-console-web-local-secret")));

    public static void main(String[] args) {
        ParentProcess.exitWithIt();
        SpringApplication application = new SpringApplication(AuthServerApplication.class);
        SECRETS.guard(application);
        application.run(args);
    }
}
