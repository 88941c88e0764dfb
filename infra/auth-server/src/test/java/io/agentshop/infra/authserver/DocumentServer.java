package io.agentshop.infra.authserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
  * Client metadata documents served over http on loopback, each at a path of its own, counting how often the
  * authorization server fetched it. {@link #SELF} in a document becomes its own URL.
  */
final class DocumentServer {

    static final String SELF = "{SELF}";

    private final HttpServer server;
    private final Map<String, Served> documents = new ConcurrentHashMap<>();

    private record Served(byte[] body, String contentType, Map<String, String> headers, boolean chunked,
                          AtomicInteger fetches) {
    }

    private DocumentServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::serve);
        server.start();
    }

    static DocumentServer start() {
        try {
            return new DocumentServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String publish(String document, Map<String, String> headers) {
        return add(document, "application/json", headers, false, 0);
    }

    String publishAs(String document, String contentType) {
        return add(document, contentType, Map.of(), false, 0);
    }

    /** Sent without a length (chunked), padded with spaces to {@code size} bytes: only reading it shows its size. */
    String publishChunked(String document, int size) {
        return add(document, "application/json", Map.of(), true, size);
    }

    /** A URL on this server where nothing is published. */
    String missing() {
        return base() + "/agents/" + UUID.randomUUID() + ".json";
    }

    int fetches(String url) {
        return documents.get(url.substring(base().length())).fetches().get();
    }

    void stop() {
        server.stop(0);
    }

    private String add(String document, String contentType, Map<String, String> headers, boolean chunked, int size) {
        String path = "/agents/" + UUID.randomUUID() + ".json";
        String text = document.replace(SELF, base() + path);
        byte[] body = (text + " ".repeat(Math.max(0, size - text.length()))).getBytes(StandardCharsets.UTF_8);
        documents.put(path, new Served(body, contentType, headers, chunked, new AtomicInteger()));
        return base() + path;
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Served served = documents.get(exchange.getRequestURI().getPath());
            if (served == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            served.fetches().incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", served.contentType());
            served.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(200, served.chunked() ? 0 : served.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(served.body());
            } catch (IOException clientStoppedReading) {
                // The server under test stops reading at its cap; that is the point.
            }
        }
    }
}
