package io.agentshop.mcpedge;

import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The edge agents talk to: MCP over Streamable HTTP, hosting the command side in-process. */
@SpringBootApplication
public class McpEdgeApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(McpEdgeApplication.class, args);
        } catch (Throwable startFailure) {
            // Axon's non-daemon threads would keep a half-started JVM alive; a failed start must end the process.
            LoggerFactory.getLogger(McpEdgeApplication.class).error("MCP edge did not start: {}", startFailure.toString());
            System.exit(1);
        }
    }
}
