package io.agentshop.mcpedge;

import io.agentshop.appsupport.DevelopmentSecrets;
import io.agentshop.appsupport.ParentProcess;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.List;

/** The edge agents talk to: MCP over Streamable HTTP, hosting the command side in-process. */
@SpringBootApplication(excludeName = "org.springframework.ai.mcp.server.common.autoconfigure.McpServerStatelessAutoConfiguration")
public class McpEdgeApplication {

    /** Without the profile {@code local}, the event store's password and the edge's client secret are the deployment's. */
    static final DevelopmentSecrets SECRETS = new DevelopmentSecrets("MCP edge", List.of(
            DevelopmentSecrets.Secret.required("spring.datasource.password", "agentshop-local"),
            DevelopmentSecrets.Secret.required("spring.security.oauth2.client.registration.query-side.client-secret",
                    "agentshop-edge-local-secret")));

    public static void main(String[] args) {
        ParentProcess.exitWithIt();
        try {
            SpringApplication application = new SpringApplication(McpEdgeApplication.class);
            SECRETS.guard(application);
            application.run(args);
        } catch (Throwable startFailure) {
            // Axon's non-daemon threads would keep a half-started JVM alive; a failed start must end the process.
            LoggerFactory.getLogger(McpEdgeApplication.class).error("MCP edge did not start: {}", startFailure.toString());
            System.exit(1);
        }
    }
}
