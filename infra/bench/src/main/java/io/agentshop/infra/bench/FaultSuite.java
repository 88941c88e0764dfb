package io.agentshop.infra.bench;

import io.agentshop.infra.stack.DevelopmentLogin;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The fault suite: the packaged system with two edge nodes, two query nodes and three Kafka brokers, careful agents
 * ordering through MCP, and one SIGKILL per scenario ({@link FaultScenario}); after each, what the agents were told
 * is reconciled with every store ({@link FaultRun}). Prints one table row per scenario; exits 1 when any failed.
 *
 * <pre>./faults.sh                      all scenarios, in the order below
 * ./faults.sh relay-node postgres  the ones named</pre>
 */
public final class FaultSuite {

    static final SystemUnderTest.Topology TOPOLOGY = new SystemUnderTest.Topology(2, 2, 3);
    static final int AGENTS = 3;

    private FaultSuite() {
    }

    public static void main(String[] args) throws Exception {
        List<FaultScenario> scenarios;
        try {
            scenarios = args.length == 0 ? List.of(FaultScenario.values())
                    : Arrays.stream(args).map(FaultScenario::byId).toList();
        } catch (IllegalArgumentException e) {
            System.err.println("faults: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path launcher = Path.of(System.getProperty("launcher.jar", "infra/launcher/target/agent-shop-local.jar"));
        System.exit(run(launcher, scenarios).passed() ? 0 : 1);
    }

    /** Units in the last-units race, ordered by every agent at once through both edge nodes. */
    static final int LAST_UNITS = 20;

    /** What a run found: the last-units race, then one row per scenario. */
    record Result(FaultRun.LastUnits lastUnits, List<FaultRun.Report> reports) {
        boolean passed() {
            return lastUnits.problems().isEmpty() && reports.stream().allMatch(FaultRun.Report::passed);
        }
    }

    /**
     * Starts the system, races for the last units of a product through both edges, runs the scenarios one after the
     * other on it, prints and returns what it found.
     */
    static Result run(Path launcherJar, List<FaultScenario> scenarios) throws Exception {
        log("starting the system: " + TOPOLOGY.edges() + " edge nodes, " + TOPOLOGY.queryNodes() + " query nodes, "
                + TOPOLOGY.brokers() + " Kafka brokers");
        List<FaultRun.Report> reports = new ArrayList<>();
        FaultRun.LastUnits lastUnits;
        try (SystemUnderTest system = SystemUnderTest.start(launcherJar, AGENTS, TOPOLOGY)) {
            log("system up; its log: " + system.log());
            String admin = console(system, "admin", system.edge());
            FaultRun runner = runner(system);
            String lastUnitsSku = product(system, admin, "LAST-UNITS", LAST_UNITS);
            log("last units: " + AGENTS + " agents on both edge nodes race for the " + LAST_UNITS + " units of "
                    + lastUnitsSku);
            lastUnits = runner.lastUnits(lastUnitsSku, LAST_UNITS);
            log("last units: " + (lastUnits.problems().isEmpty() ? "passed" : "FAILED " + lastUnits.problems()));
            runner.close();
            for (FaultScenario scenario : scenarios) {
                // Signed in afresh for each scenario: access tokens live 10 minutes, a whole run is longer.
                admin = console(system, "admin", system.edge());
                runner = runner(system);
                String sku = product(system, admin, scenario.id.toUpperCase(Locale.ROOT), FaultRun.INITIAL_STOCK);
                log(scenario.id + ": ordering " + sku + ", SIGKILL in " + FaultRun.BEFORE_KILL.toSeconds() + " s");
                FaultRun.Report report;
                try {
                    report = runner.run(scenario, sku);
                } catch (Exception broke) {
                    // The table must still come out, with this row failed and why.
                    report = FaultRun.Report.broken(scenario, broke);
                }
                reports.add(report);
                runner.close();
                log(scenario.id + ": " + (report.passed() ? "passed" : "FAILED " + report.problems()));
            }
        }
        System.out.printf(Locale.ROOT, "last units: %d acknowledged for a stock of %d, %d agents told OUT_OF_STOCK,"
                        + " %d left in the read model: %s%n", lastUnits.acknowledged(), lastUnits.stock(),
                lastUnits.outOfStock(), lastUnits.stockLeft(), lastUnits.problems().isEmpty() ? "pass"
                        : "FAIL: " + String.join("; ", lastUnits.problems()));
        System.out.println(table(reports));
        return new Result(lastUnits, reports);
    }

    /** Three agents signed in (one shopper each, their limits raised) and an auditor's token. */
    private static FaultRun runner(SystemUnderTest system) {
        List<SimulatedAgent> agents = new ArrayList<>();
        for (int n = 1; n <= AGENTS; n++) {
            agents.add(SimulatedAgent.signIn(system, n, null));
        }
        return new FaultRun(system, agents, console(system, "auditor", system.querySide()));
    }

    /** A product of the run's own, added by an admin through the edge's controls. */
    private static String product(SystemUnderTest system, String admin, String name, int stock) {
        String sku = "FAULT-" + name + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        Http.send("POST", system.edge() + "/controls/admin/products", admin, Map.of("sku", sku,
                "name", "Fault suite item", "category", "faults", "family", "faults", "variant", "",
                "price", Map.of("minorUnits", 100, "currency", "EUR"), "initialStock", stock), 201);
        return sku;
    }

    static String table(List<FaultRun.Report> reports) {
        StringBuilder table = new StringBuilder();
        table.append("| scenario | SIGKILL of | acknowledged | events stored | read model | audit records | duplicates"
                + " | stock (expected) | verifier | retried calls | longest stall s | back after s | max audit lag s"
                + " | result |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (FaultRun.Report report : reports) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %d (%d) | %s | %d | %.1f"
                            + " | %.1f | %.1f | %s |%n", report.scenario().id, report.victim(), report.acknowledged(),
                    report.eventsStored(), report.readModel(), report.auditRecords(), report.duplicates(),
                    report.stockActual(), report.stockExpected(), report.verifierIntact() ? "intact" : "BROKEN",
                    report.retries(), report.longestStallSeconds(), report.backAfterSeconds(),
                    report.maxAuditLagSeconds(), report.passed() ? "pass" : "FAIL: "
                            + String.join("; ", report.problems())));
        }
        return table.toString();
    }

    private static String console(SystemUnderTest system, String user, String resource) {
        return (String) new DevelopmentLogin(system.issuer()).signIn("agentshop-console", user,
                "openid account:read account:manage audit:read", resource).get("access_token");
    }

    private static void log(String line) {
        System.out.println(Instant.now() + " faults | " + line);
    }
}
