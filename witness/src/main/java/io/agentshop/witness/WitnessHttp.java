package io.agentshop.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentshop.tlog.AddCheckpointRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The witness's HTTP interface (C2SP tlog-witness): {@code POST /add-checkpoint}, and for monitors and verifiers
 * {@code GET /<sha-256 of the origin, hex>/checkpoint}; besides, {@code GET /key} (its verifier key) and
 * {@code GET /actuator/health} (what the launcher and load balancers ask). No authentication: the protocol has none
 * beyond the log's signature on the checkpoint.
 */
public final class WitnessHttp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WitnessHttp.class);
    /** A checkpoint with its signatures and 63 proof lines is far below this. */
    private static final int MAX_BODY = 128 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;

    private WitnessHttp(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static WitnessHttp start(Witness witness, String address, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 50);
        server.createContext("/", exchange -> {
            try {
                route(witness, exchange);
            } catch (RuntimeException e) {
                // E.g. a state file someone else edited: say so, and cosign nothing for that log.
                log.error("witness: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                        e.getMessage());
                send(exchange, 500, "text/plain; charset=utf-8", "the witness cannot answer: " + e.getMessage() + "\n");
            } finally {
                exchange.close();
            }
        });
        ExecutorService executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.start();
        return new WitnessHttp(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void route(Witness witness, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/add-checkpoint")) {
            if (!method.equals("POST")) {
                send(exchange, 405, "text/plain", "add-checkpoint is a POST\n");
                return;
            }
            addCheckpoint(witness, exchange);
        } else if (path.matches("/[0-9a-f]{64}/checkpoint") && method.equals("GET")) {
            witness.latest(path.substring(1, 65)).ifPresentOrElse(
                    note -> send(exchange, 200, "text/plain; charset=utf-8", note.toString()),
                    () -> send(exchange, 404, "text/plain", "no checkpoint of that log was cosigned here\n"));
        } else if (path.equals("/key") && method.equals("GET")) {
            send(exchange, 200, "text/plain; charset=utf-8", witness.verifierKey() + "\n");
        } else if (path.equals("/actuator/health") && method.equals("GET")) {
            send(exchange, 200, "application/json", "{\"status\":\"UP\"}");
        } else {
            send(exchange, 404, "text/plain", "not found\n");
        }
    }

    private static void addCheckpoint(Witness witness, HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            send(exchange, 413, "text/plain", "a request of more than " + MAX_BODY + " bytes is refused\n");
            return;
        }
        AddCheckpointRequest request;
        try {
            request = AddCheckpointRequest.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, "text/plain", "malformed add-checkpoint request: " + e.getMessage() + "\n");
            return;
        }
        Decision decision = witness.add(request);
        if (decision instanceof Decision.Cosigned cosigned) {
            send(exchange, 200, "text/plain; charset=utf-8", cosigned.cosignature().line());
        } else if (decision instanceof Decision.Conflict conflict) {
            send(exchange, 409, "text/x.tlog.size", conflict.latestSize() + "\n");
        } else {
            Decision.Refused refused = (Decision.Refused) decision;
            send(exchange, refused.status(), "text/plain; charset=utf-8", refused.reason() + "\n");
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            log.debug("witness: response not sent: {}", clientGone.toString());
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
