package io.agentshop.queryside.readmodel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the reads waiting for their own write (a consistency token) as soon as one of this node's read-model consumers
 * has committed, instead of letting them sleep out a poll interval. Each commit starts a new generation; a reader
 * notes the generation before it looks at its row, so a commit between its look and its wait is not missed.
 */
public final class ReadModelCommits {

    private long generation;

    public synchronized long generation() {
        return generation;
    }

    synchronized void committed() {
        generation++;
        notifyAll();
    }

    /** Returns once a commit after {@code seen} happened, or after {@code atMost}, whichever is first. */
    public synchronized void awaitCommitAfter(long seen, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
