package io.agentshop.infra.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite, every scenario, on the packaged system (infra/launcher's jar, built before this module): the last
 * units of a product sold through both edge nodes at once are sold exactly once each; each
 * SIGKILL leaves acknowledged orders = OrderPlaced events = orders in the read model = OrderPlaced audit records, none
 * twice, the stock exact and the audit trail intact, and the killed process is started again by the launcher.
 */
class FaultSuiteIT {

    @Test
    void everyAcknowledgedOrderIsKeptExactlyOnceWhateverIsKilled() throws Exception {
        Path launcher = Path.of(System.getProperty("launcher.jar", "../launcher/target/agent-shop-local.jar"));

        FaultSuite.Result result = FaultSuite.run(launcher, List.of(FaultScenario.values()));

        assertThat(result.lastUnits().problems()).as("the last units, sold through both edge nodes at once").isEmpty();
        assertThat(result.lastUnits().acknowledged()).isEqualTo(FaultSuite.LAST_UNITS);
        assertThat(result.lastUnits().outOfStock()).as("every agent was told at the end").isEqualTo(FaultSuite.AGENTS);
        List<FaultRun.Report> reports = result.reports();
        assertThat(reports).extracting(FaultRun.Report::scenario).containsExactly(FaultScenario.values());
        for (FaultRun.Report report : reports) {
            assertThat(report.problems()).as(report.scenario().id).isEmpty();
            assertThat(report.acknowledged()).as("%s: orders were placed around the kill", report.scenario().id)
                    .isPositive();
            assertThat(report.backAfterSeconds()).as("%s: started again", report.scenario().id).isPositive();
        }
    }
}
