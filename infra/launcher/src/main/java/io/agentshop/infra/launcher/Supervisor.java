package io.agentshop.infra.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts again whatever of the local system dies unexpectedly: after 1 s, then twice as long each time (capped), logged
 * with how it ended and shown in a status line. One that died {@code maxFailures} times within the window is left down,
 * said loudly; the others keep running. Nothing is restarted once the launcher is stopping.
 */
final class Supervisor {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    /** How long a restarted application may take to become healthy before that counts as another failure. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final LauncherSettings.Restarts policy;
    private final Clock clock;
    // Several threads: an application waiting to become healthy must not hold up PostgreSQL's restart.
    private final ScheduledExecutorService restarts = Executors.newScheduledThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, State> states = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>();
    private volatile boolean stopping;

    enum State { UP, RESTARTING, DOWN }

    Supervisor(LauncherSettings.Restarts policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** Watches {@code process}, which is up now. */
    synchronized void watch(Supervised process) {
        states.put(process.name(), State.UP);
        failures.putIfAbsent(process.name(), new ArrayDeque<>());
        follow(process);
    }

    /** No restart from now on: the launcher is stopping everything. */
    void stopping() {
        stopping = true;
        restarts.shutdownNow();
    }

    synchronized String status() {
        StringJoiner line = new StringJoiner(" · ", "status: ", "");
        states.forEach((name, state) -> line.add(name + " " + state.name().toLowerCase(java.util.Locale.ROOT)));
        return line.toString();
    }

    synchronized State state(String name) {
        return states.get(name);
    }

    private void follow(Supervised process) {
        process.exited().whenComplete((how, error) -> {
            if (!stopping) {
                died(process, how == null ? "ended" : how);
            }
        });
    }

    private synchronized void died(Supervised process, String how) {
        Instant now = clock.instant();
        Deque<Instant> recent = failures.get(process.name());
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(policy.window()))) {
            recent.removeFirst();
        }
        if (recent.size() >= policy.maxFailures()) {
            states.put(process.name(), State.DOWN);
            log.error("{} {} and has died {} times within {} min: left down, the rest keeps running ({})",
                    process.name(), how, recent.size(), policy.window().toMinutes(), status());
            return;
        }
        Duration backoff = policy.firstBackoff().multipliedBy(1L << Math.min(20, recent.size() - 1));
        if (backoff.compareTo(policy.maxBackoff()) > 0) {
            backoff = policy.maxBackoff();
        }
        states.put(process.name(), State.RESTARTING);
        log.warn("{} {}; starting it again in {} ({})", process.name(), how,
                backoff.toMillis() < 1000 ? backoff.toMillis() + " ms" : backoff.toSeconds() + " s", status());
        restarts.schedule(() -> restart(process), backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(Supervised process) {
        if (stopping) {
            return;
        }
        Instant began = clock.instant();
        try {
            process.startAgain();
            process.awaitReady(began.plus(READY_TIMEOUT));
        } catch (RuntimeException failed) {
            if (!stopping) {
                log.warn("{} did not come back: {}", process.name(), failed.getMessage());
                process.stop();
                died(process, "failed to start again");
            }
            return;
        }
        synchronized (this) {
            states.put(process.name(), State.UP);
            log.info("{} is up again after {} s ({})", process.name(),
                    Duration.between(began, clock.instant()).toSeconds(), status());
        }
        follow(process);
    }
}
