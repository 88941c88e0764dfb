package io.agentshop.infra.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.infra.stack.Ports;
import io.agentshop.infra.stack.DevelopmentLogin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's run command, for real: the packaged launcher starts the whole system, both health endpoints report
 * PostgreSQL and Kafka, Ctrl-C (SIGINT) and SIGTERM leave no process behind, data survives a restart, an application
 * killed with SIGKILL is started again, and a launcher killed with SIGKILL takes its JVMs with it and is cleaned up
 * after by the next start.
 */
class LocalSystemIT {

    @TempDir
    Path workDirectory;

    @Test
    void startsHealthyStopsWithoutLeftoversAndKeepsItsDataAcrossRuns() throws Exception {
        Path dataDirectory = workDirectory.resolve("data");
        int edgePort = Ports.anyFree();
        int queryPort = Ports.anyFree();
        int authPort = Ports.anyFree();
        int postgresPort = Ports.anyFree();
        List<String> arguments = List.of("--data-dir=" + dataDirectory, "--edge-port=" + edgePort,
                "--query-port=" + queryPort, "--auth-port=" + authPort, "--witness-port=" + Ports.anyFree(), "--console-port=" + Ports.anyFree(), "--postgres-port=" + postgresPort,
                "--kafka-port=" + Ports.anyFree(),
                "--kafka-controller-port=" + Ports.anyFree(), "--partitions=2");
        String marker = UUID.randomUUID().toString();

        Launched first = Launched.start(arguments, workDirectory.resolve("first.log"));
        first.awaitUp();
        assertHealthy(edgePort, false);
        assertHealthy(queryPort, true);
        assertIssuer(authPort);
        assertAuditMigratedBeforehand(queryPort, authPort);
        execute(postgresPort, "CREATE TABLE launcher_marker (value text)",
                "INSERT INTO launcher_marker VALUES ('" + marker + "')");
        List<ProcessHandle> firstTree = first.processTree();
        assertThat(firstTree).as("postgres and both application JVMs run under the launcher")
                .anyMatch(process -> commandOf(process).contains("postgres"))
                .anyMatch(process -> commandOf(process).contains("mcp-edge.jar"))
                .anyMatch(process -> commandOf(process).contains("query-side.jar"))
                .anyMatch(process -> commandOf(process).contains("auth-server.jar"));

        first.signal("INT");
        first.awaitExit();
        assertThat(firstTree).as("nothing of ours survives Ctrl-C").noneMatch(ProcessHandle::isAlive);
        assertThat(first.output()).contains("Agent Shop stopped");

        Launched second = Launched.start(arguments, workDirectory.resolve("second.log"));
        second.awaitUp();
        assertThat(query(postgresPort, "SELECT value FROM launcher_marker")).isEqualTo(marker);

        ProcessHandle edge = second.child("mcp-edge.jar");
        kill9(edge);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> second.output().contains("mcp-edge is up again"));
        assertThat(second.output()).containsPattern("mcp-edge exited with code 137; starting it again in 1 s");
        assertThat(second.child("mcp-edge.jar").pid()).as("a new edge process").isNotEqualTo(edge.pid());
        assertHealthy(edgePort, false);

        List<ProcessHandle> javaChildren = second.processTree().stream()
                .filter(process -> commandOf(process).contains("java")).toList();
        kill9(second.process().toHandle());
        second.process().waitFor();

        // Started at once: it waits for the killed launcher's JVMs, which see it gone and exit, and stops the
        // PostgreSQL that pg_ctl had detached from it, before it checks any port.
        Launched third = Launched.start(arguments, workDirectory.resolve("third.log"));
        third.awaitUp();
        assertThat(javaChildren).as("the applications and Kafka ended with the killed launcher")
                .noneMatch(ProcessHandle::isAlive);
        assertThat(third.output()).contains("the launcher of an earlier run did not stop");
        assertThat(query(postgresPort, "SELECT value FROM launcher_marker")).isEqualTo(marker);
        List<ProcessHandle> thirdTree = third.processTree();

        third.signal("TERM");
        third.awaitExit();
        assertThat(thirdTree).as("nothing of ours survives SIGTERM").noneMatch(ProcessHandle::isAlive);
    }

    private static void kill9(ProcessHandle process) throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
    }

    @Test
    void aFailedStartStopsWhatHadStartedAndExitsNonZeroInOneLine() throws Exception {
        Path dataDirectory = workDirectory.resolve("data");
        Path brokenApps = Files.createDirectories(workDirectory.resolve("apps"));
        Files.writeString(brokenApps.resolve("mcp-edge.jar"), "not a jar");
        Files.writeString(brokenApps.resolve("query-side.jar"), "not a jar");
        Files.writeString(brokenApps.resolve("auth-server.jar"), "not a jar");

        Launched launched = Launched.start(List.of("--data-dir=" + dataDirectory, "--apps-dir=" + brokenApps,
                "--edge-port=" + Ports.anyFree(), "--query-port=" + Ports.anyFree(), "--auth-port=" + Ports.anyFree(),
                "--witness-port=" + Ports.anyFree(), "--console-port=" + Ports.anyFree(),
                "--postgres-port=" + Ports.anyFree(), "--kafka-port=" + Ports.anyFree(),
                "--kafka-controller-port=" + Ports.anyFree()), workDirectory.resolve("broken.log"));
        int exitCode = launched.awaitExit();

        assertThat(exitCode).isEqualTo(LocalSystem.EXIT_FAILED);
        assertThat(launched.output()).containsPattern("ERROR .*Agent Shop did not start: (auth-server|query-side|mcp-edge)"
                + " (exited with code \\d+ while starting|migrate-audit failed with exit code \\d+)");
        assertThat(ProcessHandle.allProcesses())
                .as("no PostgreSQL left running on the data directory")
                .noneMatch(process -> commandOf(process).contains(dataDirectory.toString()));
    }

    @Test
    void aTakenPortIsRefusedInOneLineBeforeAnythingStarts() throws Exception {
        int edgePort = Ports.anyFree();
        Path dataDirectory = workDirectory.resolve("data");
        try (var squatter = new java.net.ServerSocket(edgePort, 1, java.net.InetAddress.getLoopbackAddress())) {
            Launched launched = Launched.start(List.of("--data-dir=" + dataDirectory, "--edge-port=" + edgePort,
                    "--query-port=" + Ports.anyFree(), "--auth-port=" + Ports.anyFree(),
                    "--witness-port=" + Ports.anyFree(), "--console-port=" + Ports.anyFree()),
                    workDirectory.resolve("taken.log"));
            int exitCode = launched.awaitExit();

            assertThat(exitCode).isEqualTo(LocalSystem.EXIT_FIXABLE);
            assertThat(launched.output().lines().filter(line -> line.contains("ERROR")))
                    .singleElement().asString()
                    .contains("port " + edgePort + " (MCP edge) is already in use");
            assertThat(launched.output()).doesNotContain("\tat ");
        }
        assertThat(dataDirectory).doesNotExist();
    }

    private static void assertHealthy(int port, boolean twoDatabases) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = new ObjectMapper().readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/details/partitions").asInt()).isEqualTo(2);
        if (twoDatabases) {
            assertThat(health.at("/components/db/components/readModelsDataSource/details/database").asText())
                    .isEqualTo("PostgreSQL");
            assertThat(health.at("/components/db/components/auditDataSource/status").asText()).isEqualTo("UP");
        } else {
            assertThat(health.at("/components/db/details/database").asText()).isEqualTo("PostgreSQL");
        }
    }

    /** migrate-audit ran as the owner before the query side, which then works with its INSERT/SELECT login only. */
    private static void assertAuditMigratedBeforehand(int queryPort, int authPort) throws Exception {
        String auditor = (String) new DevelopmentLogin("http://127.0.0.1:" + authPort).signIn("agentshop-console",
                "auditor", "openid audit:read", "http://127.0.0.1:" + queryPort).get("access_token");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + queryPort + "/audit/verify"))
                .header("Authorization", "Bearer " + auditor).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(response.body()).path("intact").asBoolean()).isTrue();
    }

    /** The authorization server answers discovery with the issuer the launcher gave it. */
    private static void assertIssuer(int authPort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + authPort + "/.well-known/oauth-authorization-server")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(response.body()).path("issuer").asText())
                .isEqualTo("http://127.0.0.1:" + authPort);
    }

    private static Connection events(int postgresPort) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/agentshop_events",
                "agentshop_events", "agentshop-local");
    }

    private static void execute(int postgresPort, String... statements) throws Exception {
        try (Connection connection = events(postgresPort); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String query(int postgresPort, String sql) throws Exception {
        try (Connection connection = events(postgresPort); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static String commandOf(ProcessHandle process) {
        return process.info().commandLine().orElse("");
    }
}
