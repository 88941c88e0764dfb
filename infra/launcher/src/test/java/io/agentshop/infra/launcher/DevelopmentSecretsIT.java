package io.agentshop.infra.launcher;

import io.agentshop.infra.stack.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The applications as a deployment would start them, from the jars the launcher runs, without the profile
 * {@code local}: each refuses to start with a development secret this repository publishes, or with none, in one line
 * that names the setting, and exits 2 before it opens anything. (With the profile, every other system test starts them.)
 */
class DevelopmentSecretsIT {

    private static final Path APPS = Launched.JAR.toAbsolutePath().getParent().resolve("apps");

    @TempDir
    Path work;

    @Test
    void theEdgeRefusesThePublishedDatabasePassword() throws Exception {
        assertRefused("mcp-edge.jar", List.of(), Map.of("SPRING_DATASOURCE_PASSWORD", "agentshop-local",
                "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_QUERYSIDE_CLIENTSECRET", "a-secret-of-its-own"),
                "MCP edge will not start: spring.datasource.password holds the local system's published development"
                        + " value", "SPRING_DATASOURCE_PASSWORD");
    }

    @Test
    void theEdgeRefusesToStartWithoutItsClientSecret() throws Exception {
        assertRefused("mcp-edge.jar", List.of(), Map.of("SPRING_DATASOURCE_PASSWORD", "a-password-of-its-own"),
                "MCP edge will not start: spring.security.oauth2.client.registration.query-side.client-secret is not"
                        + " set", "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_QUERYSIDE_CLIENTSECRET");
    }

    @Test
    void theQuerySideRefusesThePublishedAuditWriterPassword() throws Exception {
        assertRefused("query-side.jar", List.of(), Map.of("SPRING_DATASOURCE_PASSWORD", "a-password-of-its-own",
                "AGENTSHOP_AUDIT_DATASOURCE_PASSWORD", "agentshop-local"),
                "query side will not start: agentshop.audit.datasource.password holds", "AGENTSHOP_AUDIT_DATASOURCE_PASSWORD");
    }

    @Test
    void theAuditMigrationRefusesThePublishedOwnerPassword() throws Exception {
        assertRefused("query-side.jar", List.of("migrate-audit"), Map.of("AGENTSHOP_AUDIT_OWNER_PASSWORD",
                "agentshop-local"), "migrate-audit will not start: agentshop.audit.owner.password holds",
                "AGENTSHOP_AUDIT_OWNER_PASSWORD");
    }

    @Test
    void theAuthorizationServerRefusesThePublishedEdgeClientSecret() throws Exception {
        assertRefused("auth-server.jar", List.of(), Map.of("AGENTSHOP_AUTH_EDGECLIENT_CLIENTSECRET",
                "agentshop-edge-local-secret"), "authorization server will not start:"
                        + " agentshop.auth.edge-client.client-secret holds", "AGENTSHOP_AUTH_EDGECLIENT_CLIENTSECRET");
    }

    private void assertRefused(String jar, List<String> arguments, Map<String, String> environment, String line,
                               String variable) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-jar", APPS.resolve(jar).toString()));
        command.addAll(arguments);
        Path output = work.resolve(jar + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("SPRING_PROFILES_ACTIVE");
        builder.environment().putAll(environment);
        // A port nothing else uses, in case the refusal were missing and the application got as far as a server.
        builder.environment().put("SERVER_PORT", Integer.toString(Ports.anyFree()));
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(exited).as("exits by itself: %s", printed).isTrue();
        assertThat(process.exitValue()).as(printed).isEqualTo(2);
        assertThat(printed.strip().lines()).as("one line").singleElement().asString().startsWith(line)
                .contains(variable);
    }
}
