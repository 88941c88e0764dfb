package io.agentshop.infra.launcher;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The supervisor's policy, on processes that die when the test says so (the real ones die in LocalSystemIT). */
class SupervisorTest {

    private static final LauncherSettings.Restarts QUICK = new LauncherSettings.Restarts(3, Duration.ofMinutes(5),
            Duration.ofMillis(10), Duration.ofMillis(40));

    /** A process whose every incarnation ends when {@link #die()} is called; each start is reported on a queue. */
    private static final class Dying implements Supervised {
        private volatile CompletableFuture<String> incarnation = new CompletableFuture<>();
        final BlockingQueue<Instant> starts = new LinkedBlockingQueue<>();
        final AtomicInteger stops = new AtomicInteger();
        volatile boolean failToStart;

        @Override
        public String name() {
            return "edge";
        }

        @Override
        public CompletableFuture<String> exited() {
            return incarnation;
        }

        @Override
        public void startAgain() {
            starts.add(Instant.now());
            if (failToStart) {
                throw new IllegalStateException("port taken");
            }
            incarnation = new CompletableFuture<>();
        }

        @Override
        public void awaitReady(Instant deadline) {
        }

        @Override
        public void stop() {
            stops.incrementAndGet();
        }

        void die() {
            incarnation.complete("exited with code 137");
        }
    }

    @Test
    void aProcessThatDiesIsStartedAgainAndShownUp() throws Exception {
        Supervisor supervisor = new Supervisor(QUICK, Clock.systemUTC());
        Dying edge = new Dying();
        supervisor.watch(edge);

        edge.die();

        assertThat(edge.starts.poll(10, TimeUnit.SECONDS)).as("started again").isNotNull();
        awaitState(supervisor, Supervisor.State.UP);
        assertThat(supervisor.status()).isEqualTo("status: edge up");
        edge.die();
        assertThat(edge.starts.poll(10, TimeUnit.SECONDS)).as("its new incarnation is watched too").isNotNull();
    }

    @Test
    void aProcessThatKeepsDyingIsLeftDownAfterTheLimit() throws Exception {
        Supervisor supervisor = new Supervisor(QUICK, Clock.systemUTC());
        Dying edge = new Dying();
        edge.failToStart = true;
        supervisor.watch(edge);

        edge.die();

        // Died once, then failed to start twice: three failures within the window, the limit.
        assertThat(edge.starts.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(edge.starts.poll(10, TimeUnit.SECONDS)).isNotNull();
        awaitState(supervisor, Supervisor.State.DOWN);
        assertThat(edge.starts).isEmpty();
        assertThat(edge.stops.get()).as("each failed start cleaned up").isEqualTo(2);
        assertThat(supervisor.status()).isEqualTo("status: edge down");
    }

    @Test
    void nothingIsStartedAgainOnceTheLauncherIsStopping() throws Exception {
        Supervisor supervisor = new Supervisor(QUICK, Clock.systemUTC());
        Dying edge = new Dying();
        supervisor.watch(edge);

        supervisor.stopping();
        edge.die();

        assertThat(edge.starts.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(supervisor.state("edge")).isEqualTo(Supervisor.State.UP);
    }

    private static void awaitState(Supervisor supervisor, Supervisor.State wanted) {
        // The state changes on the supervisor's thread.
        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.state("edge") == wanted);
    }
}
