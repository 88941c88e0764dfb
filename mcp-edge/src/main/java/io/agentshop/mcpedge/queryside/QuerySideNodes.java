package io.agentshop.mcpedge.queryside;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.util.List;

/**
 * Several query-side nodes serve the same read models (one database): a read goes to the first node listed, and to
 * the next when a node does not take the connection (it is down or restarting). Only a refused or timed-out connection
 * moves on: a node that answered, even with an error, answered. Reads only, so asking again elsewhere is safe.
 */
final class QuerySideNodes implements ClientHttpRequestInterceptor {

    private final List<URI> nodes;

    QuerySideNodes(List<String> urls) {
        this.nodes = urls.stream().map(URI::create).toList();
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        IOException unreachable = null;
        for (URI node : nodes) {
            try {
                return execution.execute(at(request, node), body);
            } catch (ConnectException | HttpConnectTimeoutException notTaken) {
                unreachable = notTaken;
            } catch (IOException failed) {
                if (!(failed.getCause() instanceof ConnectException)) {
                    throw failed;
                }
                unreachable = failed;
            }
        }
        throw unreachable;
    }

    /** The same request, at {@code node}. */
    private static HttpRequest at(HttpRequest request, URI node) {
        URI uri = UriComponentsBuilder.fromUri(request.getURI()).scheme(node.getScheme()).host(node.getHost())
                .port(node.getPort()).build(true).toUri();
        return new HttpRequestWrapper(request) {
            @Override
            public URI getURI() {
                return uri;
            }
        };
    }
}
