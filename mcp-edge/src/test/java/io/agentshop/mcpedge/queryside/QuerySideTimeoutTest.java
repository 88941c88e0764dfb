package io.agentshop.mcpedge.queryside;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.RestClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A read side that accepts a request and never answers costs a caller the read timeout, then a clear 503. */
class QuerySideTimeoutTest {

    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer silent;

    @AfterEach
    void stop() {
        released.countDown();
        silent.stop(0);
    }

    @Test
    void aReadSideThatDoesNotAnswerIsGivenUpOnAfterTheReadTimeout() throws Exception {
        silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.setExecutor(Executors.newCachedThreadPool());
        silent.createContext("/", exchange -> {
            try {
                released.await(30, TimeUnit.SECONDS); // holds the request: no status, no body
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        String url = "http://127.0.0.1:" + silent.getAddress().getPort();
        QuerySideSettings settings = new QuerySideSettings(java.util.List.of(url), url, "query-side",
                Duration.ofSeconds(2), Duration.ofMillis(500));
        QuerySide querySide = new QuerySide(RestClient.builder().baseUrl(url)
                .requestFactory(QuerySideConfiguration.withTimeouts(settings)).build());

        long began = System.nanoTime();
        ErrorResponseException problem = catchThrowableOfType(() -> querySide.product("MUG-LOGO"),
                ErrorResponseException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(problem.getStatusCode().value()).isEqualTo(503);
        assertThat(problem.getBody().getDetail()).contains("did not answer");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofSeconds(10));
    }
}
