package io.agentshop.queryside.audit.checkpoint;

import io.agentshop.queryside.audit.witness.Witnessing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks the {@link Checkpointer} every poll interval whether a checkpoint is due (N records or T seconds), then gets the
 * newest checkpoint cosigned by the witness, if there is one ({@link Witnessing}).
 */
public final class CheckpointSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSchedule.class);

    private final Checkpointer checkpointer;
    /** {@code null}: no witness is configured. */
    private final Witnessing witnessing;
    private final CheckpointSettings settings;
    private volatile ScheduledExecutorService executor;

    public CheckpointSchedule(Checkpointer checkpointer, Witnessing witnessing, CheckpointSettings settings) {
        this.checkpointer = checkpointer;
        this.witnessing = witnessing;
        this.settings = settings;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        long poll = settings.poll().toMillis();
        executor.scheduleWithFixedDelay(this::tick, poll, poll, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            checkpointer.checkpointIfDue();
            if (witnessing != null) {
                witnessing.witnessNewest();
            }
        } catch (RuntimeException e) {
            // The next tick tries again (the database may be restarting); a scheduled task must not die of it.
            log.warn("audit checkpoint failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = executor;
        if (current != null) {
            current.shutdownNow();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
