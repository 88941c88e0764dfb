package io.agentshop.queryside.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One projection's meters (query-side/README.md, "Metrics"), tagged {@code projection=<name>}:
 * <ul>
 *   <li>{@code agentshop.consumer.lag} (gauge): records on the topic behind this node's consumer, summed over the
 *   partitions assigned to it, measured on the consumer's own thread after each poll's records are committed; NaN
 *   until it has been measured (the consumer has not started or not polled yet) and once the consumer stopped;</li>
 *   <li>{@code agentshop.projection.applied} (counter): events taken in exactly once, counted after their transaction
 *   committed, whether or not they changed the projection's tables (redelivered duplicates and dead letters do not
 *   count; {@code agentshop.consumer.events{outcome}} tells the rest apart);</li>
 *   <li>{@code agentshop.projection.dead.letters} (counter): records set aside in {@code dead_letters}, after commit;</li>
 *   <li>{@code agentshop.consumer.stalled.partitions} (gauge): partitions this node's consumer stopped at a record it
 *   could not apply (0 when none); the lag of a stopped partition keeps counting in {@code agentshop.consumer.lag}.</li>
 * </ul>
 * Registered once per projection and shared by every live consumer of it on this node, because a Micrometer gauge
 * keeps reading the object it was first registered with: a consumer started again after a pause writes to the same
 * holder. A rebuild's consumer gets {@link #none()}, so its catching up neither shows as the live projection's lag
 * nor counts its events a second time.
 */
public final class ProjectionMeters {

    public static final String LAG = "agentshop.consumer.lag";
    public static final String APPLIED = "agentshop.projection.applied";
    public static final String DEAD_LETTERS = "agentshop.projection.dead.letters";
    public static final String STALLED = "agentshop.consumer.stalled.partitions";

    private static final long UNKNOWN = -1;

    private final AtomicLong lag = new AtomicLong(UNKNOWN);
    private final AtomicLong stalledPartitions = new AtomicLong();
    private final Counter applied;
    private final Counter deadLetters;

    private ProjectionMeters(Counter applied, Counter deadLetters) {
        this.applied = applied;
        this.deadLetters = deadLetters;
    }

    /** Registers the projection's meters; call once per projection and registry and share the result. */
    public static ProjectionMeters register(MeterRegistry registry, String projection) {
        ProjectionMeters meters = new ProjectionMeters(
                Counter.builder(APPLIED).tag("projection", projection)
                        .description("Events a projection took in exactly once (committed with its offsets)")
                        .register(registry),
                Counter.builder(DEAD_LETTERS).tag("projection", projection)
                        .description("Records a projection set aside in dead_letters")
                        .register(registry));
        Gauge.builder(LAG, meters, ProjectionMeters::lagValue).tag("projection", projection)
                .description("Records on the events topic behind the consumer, summed over its assigned partitions;"
                        + " NaN while not measured")
                .strongReference(true)
                .register(registry);
        Gauge.builder(STALLED, meters.stalledPartitions, AtomicLong::get).tag("projection", projection)
                .description("Partitions the consumer stopped at a record it could not apply")
                .strongReference(true)
                .register(registry);
        return meters;
    }

    /** Meters that go nowhere: a rebuild's consumer. */
    public static ProjectionMeters none() {
        return new ProjectionMeters(null, null);
    }

    void lag(long records) {
        lag.set(Math.max(0, records));
    }

    /** The consumer stopped: whatever lag it saw last no longer says anything. */
    void lagUnknown() {
        lag.set(UNKNOWN);
    }

    void stalled(int partitions) {
        stalledPartitions.set(partitions);
    }

    void applied(int events) {
        if (applied != null && events > 0) {
            applied.increment(events);
        }
    }

    void deadLettered(int records) {
        if (deadLetters != null && records > 0) {
            deadLetters.increment(records);
        }
    }

    /** What the lag gauge reads (NaN while unknown). */
    public double lagValue() {
        long value = lag.get();
        return value == UNKNOWN ? Double.NaN : value;
    }
}
