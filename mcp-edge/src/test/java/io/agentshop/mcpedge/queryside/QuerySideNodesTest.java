package io.agentshop.mcpedge.queryside;

import com.sun.net.httpserver.HttpServer;
import io.agentshop.infra.stack.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A read goes to the next query-side node only when a node does not take the connection. */
class QuerySideNodesTest {

    private HttpServer up;
    private final AtomicInteger asked = new AtomicInteger();
    private String upUrl;
    private final String downUrl = "http://127.0.0.1:" + Ports.anyFree();

    @BeforeEach
    void startOneNode() throws IOException {
        up = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        up.createContext("/orders/o-1", exchange -> {
            asked.incrementAndGet();
            byte[] body = "{\"orderId\":\"o-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        up.createContext("/orders/missing", exchange -> {
            asked.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        up.start();
        upUrl = "http://127.0.0.1:" + up.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        up.stop(0);
    }

    @Test
    void aNodeThatIsDownIsPassedOverForTheNext() {
        String answer = client(List.of(downUrl, upUrl)).get().uri("/orders/o-1").retrieve().body(String.class);

        assertThat(answer).contains("o-1");
        assertThat(asked).hasValue(1);
    }

    @Test
    void aNodeThatAnsweredAnErrorAnsweredAndIsNotAskedAgainElsewhere() {
        assertThatThrownBy(() -> client(List.of(upUrl, upUrl)).get().uri("/orders/missing").retrieve()
                .body(String.class)).isInstanceOf(HttpClientErrorException.NotFound.class);
        assertThat(asked).hasValue(1);
    }

    @Test
    void whenNoNodeTakesTheConnectionTheReadFails() {
        assertThatThrownBy(() -> client(List.of(downUrl, "http://127.0.0.1:" + Ports.anyFree())).get()
                .uri("/orders/o-1").retrieve().body(String.class)).isInstanceOf(ResourceAccessException.class);
    }

    private static RestClient client(List<String> nodes) {
        return RestClient.builder().baseUrl(nodes.get(0)).requestInterceptor(new QuerySideNodes(nodes)).build();
    }
}
