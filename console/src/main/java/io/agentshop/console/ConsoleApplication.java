package io.agentshop.console;

import io.agentshop.appsupport.DevelopmentSecrets;
import io.agentshop.appsupport.ParentProcess;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.List;

/**
 * The people's console: what users, admins, auditors and analysts do in a browser. A backend-for-frontend: people
 * sign in at the authorization server, their tokens stay in this server's session, and every page calls the edge's
 * controls or the query side's APIs with the signed-in person's own token, which decide what that person may do.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

    /** Without the profile {@code local}, the console's client secret must be the deployment's own. */
    static final DevelopmentSecrets SECRETS = new DevelopmentSecrets("console", List.of(
            DevelopmentSecrets.Secret.required("spring.security.oauth2.client.registration.agentshop.client-secret",
                    "agentshop-console-web-local-secret")));

    public static void main(String[] args) {
        ParentProcess.exitWithIt();
        SpringApplication application = new SpringApplication(ConsoleApplication.class);
        SECRETS.guard(application);
        application.run(args);
    }
}
