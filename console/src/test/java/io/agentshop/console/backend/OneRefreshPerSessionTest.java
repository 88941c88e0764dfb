package io.agentshop.console.backend;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh tokens rotate: two renewals of one person at once would present the same refresh token twice and sign the
 * person out. One session renews one at a time; different sessions do not wait for each other.
 */
class OneRefreshPerSessionTest {

    private final CountDownLatch firstInside = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostInside = new AtomicInteger();

    /** A renewal that, the first time, holds on until the test lets it go. */
    private final OAuth2AuthorizedClientManager renewing = request -> {
        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        try {
            if (firstInside.getCount() == 1) {
                firstInside.countDown();
                assertThat(releaseFirst.await(10, TimeUnit.SECONDS)).isTrue();
            }
            return null;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            inside.decrementAndGet();
        }
    };

    private final OneRefreshPerSession manager = new OneRefreshPerSession(renewing);

    @Test
    void aSecondRenewalOfTheSameSessionWaitsForTheFirst() throws Exception {
        MockHttpSession session = new MockHttpSession();
        Thread first = renewIn(session);
        assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
        Thread second = renewIn(session);

        awaitBlockedOn(second, session);
        releaseFirst.countDown();
        first.join(10_000);
        second.join(10_000);

        assertThat(mostInside.get()).as("renewals of one session at once").isEqualTo(1);
    }

    @Test
    void anotherSessionDoesNotWait() throws Exception {
        Thread first = renewIn(new MockHttpSession());
        assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
        Thread other = renewIn(new MockHttpSession());

        other.join(10_000);
        assertThat(other.isAlive()).as("the other session's renewal finished while the first still held").isFalse();
        assertThat(mostInside.get()).isEqualTo(2);
        releaseFirst.countDown();
        first.join(10_000);
    }

    private Thread renewIn(MockHttpSession session) {
        Thread thread = new Thread(() -> {
            MockHttpServletRequest request = new MockHttpServletRequest();
            request.setSession(session);
            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
            try {
                OAuth2AuthorizedClient ignored = manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(
                        "agentshop").principal(new TestingAuthenticationToken("customer1", null)).build());
            } finally {
                RequestContextHolder.resetRequestAttributes();
            }
        });
        thread.start();
        return thread;
    }

    /** Until the thread waits for the session's lock; fails if it finishes or waits for anything else meanwhile. */
    private static void awaitBlockedOn(Thread thread, MockHttpSession session) {
        String lock = session.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(session));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (;;) {
            ThreadInfo info = threads.getThreadInfo(thread.getId());
            if (info != null && info.getThreadState() == Thread.State.BLOCKED && lock.equals(info.getLockName())) {
                return;
            }
            assertThat(thread.isAlive()).as("the second renewal finished without waiting for the first").isTrue();
            assertThat(System.nanoTime()).as("the second renewal never waited for the session").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
