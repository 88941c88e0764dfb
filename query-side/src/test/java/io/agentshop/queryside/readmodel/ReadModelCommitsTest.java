package io.agentshop.queryside.readmodel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A read waiting for its own write wakes on the next commit, even one that came before it began to wait. */
class ReadModelCommitsTest {

    private static final Duration LONGER_THAN_THE_TEST = Duration.ofMinutes(10);
    private static final Duration TEST_LIMIT = Duration.ofSeconds(30);

    private final ReadModelCommits commits = new ReadModelCommits();

    @Test
    void aWaitingReadIsWokenByTheNextCommit() throws Exception {
        long seen = commits.generation();
        CountDownLatch woken = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                commits.awaitCommitAfter(seen, LONGER_THAN_THE_TEST);
                woken.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();

        commits.committed();

        assertThat(woken.await(TEST_LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(commits.generation()).isEqualTo(seen + 1);
    }

    @Test
    void aCommitBetweenTheLookAndTheWaitIsNotMissed() {
        long seen = commits.generation();
        commits.committed();

        assertTimeoutPreemptively(TEST_LIMIT, () -> commits.awaitCommitAfter(seen, LONGER_THAN_THE_TEST));
    }

    @Test
    void withoutACommitTheWaitEndsAfterTheGivenTime() {
        long seen = commits.generation();

        assertTimeoutPreemptively(TEST_LIMIT, () -> commits.awaitCommitAfter(seen, Duration.ofMillis(20)));
        assertThat(commits.generation()).isEqualTo(seen);
    }
}
