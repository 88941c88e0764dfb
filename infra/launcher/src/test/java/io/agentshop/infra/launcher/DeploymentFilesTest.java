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

        assertThat(services).containsKeys("postgres", "kafka-1", "kafka-2", "kafka-3", "kafka-topics", "keycloak",
                "audit-migration", "query-side", "mcp-edge", "load-balancer", "witness");
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
    void bothApplicationsRunAsReplicasBehindTheLoadBalancerWhichChecksTheirHealth() throws IOException {
        Map<String, Map<String, Object>> services = services();
        for (String application : List.of("mcp-edge", "query-side")) {
            Map<String, Object> deploy = (Map<String, Object>) services.get(application).get("deploy");
            assertThat(deploy.get("replicas")).as(application + " replicas").isEqualTo(2);
            assertThat(services.get(application)).as(application + " is reached through the balancer only")
                    .doesNotContainKey("ports");
        }
        assertThat((List<String>) services.get("load-balancer").get("ports")).containsExactly("8080:8080", "8081:8081");
        assertThat(environment("mcp-edge").get("AGENTSHOP_QUERYSIDE_URL")).isEqualTo("http://load-balancer:8081");
        assertThat(String.valueOf(environment("mcp-edge").get("AGENTSHOP_MCP_ALLOWEDHOSTS"))).contains("load-balancer");

        String haproxy = Files.readString(DEPLOY.resolve("haproxy/haproxy.cfg"));
        assertThat((List<String>) services.get("load-balancer").get("volumes"))
                .containsExactly("./haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
        assertThat(haproxy).containsPattern("(?m)^\\s*bind :8080$").containsPattern("(?m)^\\s*bind :8081$")
                .containsPattern("(?m)server-template \\w+ \\d+ mcp-edge:8080$")
                .containsPattern("(?m)server-template \\w+ \\d+ query-side:8080$")
                .contains("option httpchk GET /actuator/health").contains("resolvers docker");
        // The balancer targets 8080 in each container: the query side's own default (8081) must be set over.
        assertThat(environment("query-side").get("SERVER_PORT")).isEqualTo("8080");
        assertThat(environment("mcp-edge").get("SERVER_PORT")).as("the edge's default is 8080").isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void kafkaIsThreeNodesAndTheEventsTopicSurvivesLosingOne() throws IOException {
        Map<String, Map<String, Object>> services = services();
        List<String> brokers = List.of("kafka-1", "kafka-2", "kafka-3");
        String voters = "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093";
        for (int i = 0; i < brokers.size(); i++) {
            Map<String, Object> environment = environment(brokers.get(i));
            assertThat(environment.get("KAFKA_NODE_ID")).isEqualTo(i + 1);
            assertThat(environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo(voters);
            assertThat(environment.get("KAFKA_ADVERTISED_LISTENERS")).isEqualTo("PLAINTEXT://" + brokers.get(i) + ":9092");
            assertThat(environment.get("KAFKA_MIN_INSYNC_REPLICAS")).isEqualTo(2);
            assertThat(environment.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo(3);
            assertThat(String.valueOf(environment.get("CLUSTER_ID"))).matches("[A-Za-z0-9_-]{22}");
            assertThat((List<String>) services.get(brokers.get(i)).get("volumes")).as("logs on the node's volume")
                    .containsExactly(brokers.get(i) + "-data:" + environment.get("KAFKA_LOG_DIRS"));
        }
        assertThat(environment("kafka-1").get("CLUSTER_ID")).isEqualTo(environment("kafka-3").get("CLUSTER_ID"));
        List<String> createTopic = (List<String>) services.get("kafka-topics").get("entrypoint");
        assertThat(String.join(" ", createTopic)).contains("--replication-factor 3")
                .contains("--config min.insync.replicas=2").contains("--topic agentshop.events");
        for (String application : List.of("mcp-edge", "query-side")) {
            assertThat(environment(application).get("AGENTSHOP_KAFKA_BOOTSTRAP_SERVERS"))
                    .isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theImagesAreBuiltFromTheJarsThisBuildProduces() throws IOException {
        String version = System.getProperty("agentshop.version");
        for (String application : List.of("query-side", "mcp-edge", "witness")) {
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
    @SuppressWarnings("unchecked")
    void theAuditWitnessKeepsItsOwnStateAndEveryKeyIsGivenNotFound() throws IOException {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> witness = environment("witness");
        Map<String, Object> query = environment("query-side");

        assertThat((List<String>) services.get("witness").get("volumes")).containsExactly("witness-data:/app/data");
        assertThat(String.valueOf(witness.get("AGENTSHOP_WITNESS_STATE_DIR"))).startsWith("/app/data/");
        assertThat(services.get("witness")).as("one witness state, never forked").doesNotContainKey("deploy");
        assertThat(query.get("AGENTSHOP_AUDIT_TRUST_WITNESSURL")).isEqualTo("http://witness:"
                + witness.get("AGENTSHOP_WITNESS_PORT"));
        // The keys come from the deployment (.env), required: a verifier is given the keys it trusts.
        assertThat(String.valueOf(query.get("AGENTSHOP_AUDIT_TRUST_LOGKEYS"))).startsWith("${AGENTSHOP_AUDIT_LOG_KEY:?");
        assertThat(witness.get("AGENTSHOP_WITNESS_LOGS")).isEqualTo(query.get("AGENTSHOP_AUDIT_TRUST_LOGKEYS"));
        assertThat(String.valueOf(query.get("AGENTSHOP_AUDIT_TRUST_WITNESSKEYS"))).startsWith("${AGENTSHOP_WITNESS_KEY:?");
        // A witness refusing the audit log is an alarm, not a reason to stop serving reads.
        assertThat(Files.readString(DEPLOY.resolve("haproxy/haproxy.cfg")))
                .containsPattern("(?ms)backend query_side_replicas.*option httpchk GET /actuator/health/readiness");
        assertThat(Files.readString(REPOSITORY.resolve("query-side/src/main/resources/application.yml")))
                .containsPattern("(?ms)readiness:\\s*include: \"\\*\"\\s*exclude: auditWitness");
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
