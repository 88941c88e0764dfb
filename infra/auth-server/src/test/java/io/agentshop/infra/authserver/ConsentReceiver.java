package io.agentshop.infra.authserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
  * A stand-in for the edge's {@code /internal/consents}: a real HTTP server on a free loopback port that keeps what
  * it receives and answers as told (204, 500, or not at all until released).
  */
final class ConsentReceiver implements AutoCloseable {

    static final String PATH = "/internal/consents";

    enum Answer { NO_CONTENT, SERVER_ERROR, HANG }

    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile Answer answer = Answer.NO_CONTENT;
    private volatile CountDownLatch release = new CountDownLatch(1);

    private ConsentReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor); // a hanging answer must not hold up the next request
        server.start();
    }

    static ConsentReceiver start() {
        return new ConsentReceiver();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** How to answer from now on; forgets what was received and lets any hanging answer go. */
    void answer(Answer answer) {
        release.countDown();
        release = new CountDownLatch(1);
        received.clear();
        this.answer = answer;
    }

    /** The next notification, or null if none arrives within {@code wait}. */
    Received next(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            switch (answer) {
                case NO_CONTENT -> exchange.sendResponseHeaders(204, -1);
                case SERVER_ERROR -> exchange.sendResponseHeaders(500, -1);
                case HANG -> {
                    CountDownLatch latch = release;
                    latch.await(30, TimeUnit.SECONDS);
                    exchange.sendResponseHeaders(204, -1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
