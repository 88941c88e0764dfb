package io.agentshop.queryside.audit.checkpoint;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code agentshop.audit.checkpoint.age} (gauge, seconds; Prometheus {@code agentshop_audit_checkpoint_age_seconds}):
 * now − {@code created_at} of the latest signed checkpoint. NaN while no checkpoint exists yet, or when the audit
 * database could not be read. It grows without bound when the checkpointer stops signing (a broken chain, a lost key,
 * a stuck schedule), which is what an alert on it is for.
 * <p>
 * The latest checkpoint's time is read at most once per {@code refresh} (one index lookup on the primary key), so
 * scrapes by several Prometheus servers cost the database next to nothing; the age itself is computed at each scrape.
 */
public final class CheckpointAge implements MeterBinder {

    public static final String NAME = "agentshop.audit.checkpoint.age";
    private static final Logger log = LoggerFactory.getLogger(CheckpointAge.class);

    private final Checkpoints checkpoints;
    private final Clock clock;
    private final Duration refresh;
    private Instant readAt;
    private Optional<Instant> latest = Optional.empty();

    public CheckpointAge(Checkpoints checkpoints, Clock clock, Duration refresh) {
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.refresh = refresh;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, this, CheckpointAge::seconds)
                .description("Seconds since the latest signed audit checkpoint; NaN while there is none")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Seconds since the latest checkpoint was signed, NaN if there is none (or it could not be read). */
    public synchronized double seconds() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(refresh))) {
            try {
                latest = checkpoints.latestCreatedAt();
            } catch (RuntimeException unreadable) {
                log.debug("audit checkpoint age not read: {}", unreadable.toString());
                latest = Optional.empty();
            }
            readAt = now;
        }
        return latest.map(at -> Duration.between(at, now).toNanos() / 1e9).orElse(Double.NaN);
    }
}
