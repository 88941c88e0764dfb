package io.agentshop.commandside.integration;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Hosts the command side alone for its integration tests, as the MCP edge hosts it in production: everything comes
 * from the command side's auto-configuration, nothing from a component scan. Only the clock is the test's.
 */
@SpringBootApplication
class CommandSideTestApplication {

    @Bean
    TestClock clock() {
        return new TestClock();
    }
}
