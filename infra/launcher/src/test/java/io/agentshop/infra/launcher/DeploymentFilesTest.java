package io.agentshop.infra.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files in infra/deploy are for machines with Docker, which this one lacks: they cannot be run here, so they are
 * read and checked against each other and against the build, to catch the drift a compose file suffers silently.
 */
class DeploymentFilesTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("agentshop.repository", "../.."))
            .toAbsolutePath().normalize();
    private static final Path DEPLOY = REPOSITORY.resolve("infra/deploy");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(DEPLOY.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) throws IOException {
        return (Map<String, Object>) services().get(service).get("environment");
    }

    @Test
    void theComposeFileHasTheWholeSystemAndItsDependenciesExist() throws IOException {
        Map<String, Map<String, Object>> services = services();

        assertThat(services).containsKeys("postgres", "kafka", "kafka-topics", "keycloak", "audit-migration",
                "query-side", "mcp-edge");
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn instanceof Map<?, ?> dependencies) {
                assertThat(services).as(name + " depends on services that exist").containsKeys(
                        dependencies.keySet().stream().map(String::valueOf).toArray(String[]::new));
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theImagesAreBuiltFromTheJarsThisBuildProduces() throws IOException {
        String version = System.getProperty("agentshop.version");
        for (String application : List.of("query-side", "mcp-edge")) {
            Map<String, Object> build = (Map<String, Object>) services().get(application).get("build");
            String jar = (String) ((Map<String, Object>) build.get("args")).get("JAR");
            assertThat(jar).isEqualTo(application + "/target/" + application + "-" + version + "-exec.jar");
            assertThat(REPOSITORY.resolve(application).resolve("pom.xml")).exists();
            assertThat(DEPLOY.resolve((String) build.get("context")).normalize())
                    .isEqualTo(REPOSITORY.toAbsolutePath().normalize());
            assertThat(REPOSITORY.resolve((String) build.get("dockerfile"))).isRegularFile();
        }
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile).contains("ARG JAR").contains("USER agentshop").containsPattern("(?m)^FROM ");
    }

    @Test
    void everyDatabaseLoginTheApplicationsUseIsCreatedByTheInitScript() throws IOException {
        String init = Files.readString(DEPLOY.resolve("postgres/init.sql"));
        List<String> logins = new ArrayList<>();
        for (String service : List.of("query-side", "mcp-edge", "audit-migration")) {
            environment(service).forEach((name, value) -> {
                if (name.endsWith("USERNAME")) {
                    logins.add(String.valueOf(value));
                }
            });
        }

        assertThat(logins).isNotEmpty().allSatisfy(login -> assertThat(init).contains("CREATE ROLE " + login + " "));
        assertThat(init).contains("PASSWORD '" + environment("query-side").get("AGENTSHOP_AUDIT_DATASOURCE_PASSWORD")
                + "'");
    }

    @Test
    void theRealmHasTheClientsAndUsersTheApplicationsExpect() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(DEPLOY.resolve("keycloak/agentshop-realm.json").toFile());
        Map<String, Object> edge = environment("mcp-edge");

        List<String> clients = new ArrayList<>();
        realm.path("clients").forEach(client -> clients.add(client.path("clientId").asText()));
        assertThat(clients).contains("agentshop-console", "agentshop-edge");
        realm.path("clients").forEach(client -> {
            if (client.path("clientId").asText().equals("agentshop-edge")) {
                assertThat(client.path("secret").asText())
                        .isEqualTo(edge.get("SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_QUERYSIDE_CLIENTSECRET"));
            }
        });
        List<String> users = new ArrayList<>();
        realm.path("users").forEach(user -> users.add(user.path("username").asText()));
        assertThat(users).contains("customer1", "customer2", "admin", "auditor", "analyst");
        assertThat((String) edge.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI"))
                .endsWith("/realms/" + realm.path("realm").asText());
        assertThat(environment("query-side").get("AGENTSHOP_SECURITY_ISSUERURI"))
                .isEqualTo(edge.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI"));
    }
}
