package io.agentshop.commandside.infrastructure;

import io.agentshop.commandside.infrastructure.kafka.KafkaHealthIndicator;
import io.agentshop.commandside.infrastructure.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.Map;

/**
 * Wires the command side into whatever application hosts it (the MCP edge), so the host needs no knowledge of
 * its storage or messaging.
 */
@AutoConfiguration
@EnableConfigurationProperties(KafkaSettings.class)
public class CommandSideAutoConfiguration {

    @Bean(destroyMethod = "close")
    Admin commandSideKafkaAdmin(KafkaSettings settings) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "agentshop-command-side-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(Admin commandSideKafkaAdmin, KafkaSettings settings) {
        return new KafkaHealthIndicator(commandSideKafkaAdmin, settings);
    }
}
