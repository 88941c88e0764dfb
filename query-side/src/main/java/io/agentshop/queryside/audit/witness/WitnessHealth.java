package io.agentshop.queryside.audit.witness;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code auditWitness} in {@code /actuator/health}: DOWN while the witness refuses the audit log's newest checkpoint
 * (its history changed after it was witnessed); UP otherwise, with the witnessed size, also while the witness is
 * unreachable (the log is only witnessed late then, and {@code agentshop.audit.witness.behind} says how far);
 * UNKNOWN when no witness is configured.
 */
public final class WitnessHealth extends AbstractHealthIndicator {

    /** {@code null}: no witness is configured. */
    private final Witnessing witnessing;

    public WitnessHealth(Witnessing witnessing) {
        super("the audit witness status could not be read");
        this.witnessing = witnessing;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        if (witnessing == null) {
            health.unknown().withDetail("state", "NOT_CONFIGURED");
            return;
        }
        WitnessStatus status = witnessing.status();
        (status.state() == WitnessStatus.State.REFUSED ? health.down() : health.up())
                .withDetail("state", status.state().name())
                .withDetail("cosignedSize", status.cosignedSize())
                .withDetail("newestCheckpointSize", status.newestSize());
        if (status.detail() != null) {
            health.withDetail("detail", status.detail());
        }
    }
}
