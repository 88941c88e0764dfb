package io.agentshop.infra.authserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.cache.CacheConfig;
import org.apache.hc.client5.http.impl.cache.CachingHttpClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
  * Fetches a client's metadata document, and only from where it may: every address the host name resolves to is
  * checked ({@link PublicAddresses}) by the resolver the connection itself uses, so what was checked is what is
  * connected to (a second lookup cannot rebind the name). No redirects, no cookies, no proxy from the environment,
  * a cap on the bytes read, a deadline on the whole fetch, a cap on fetches a minute; answers are cached as their
  * {@code Cache-Control} and {@code Expires} say (Apache HttpClient's RFC 9111 cache).
  */
@Component
class ClientMetadataFetcher implements DisposableBean {

    private final AuthServerProperties.ClientMetadata settings;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "client-metadata-deadline");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<Instant> lastMinute = new ArrayDeque<>();
    private final Clock clock = Clock.systemUTC();

    ClientMetadataFetcher(AuthServerProperties properties, SslBundles bundles) {
        this.settings = properties.getClientMetadata();
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new CheckingResolver(settings.isAllowLoopback()))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.getConnectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.getTimeout()))
                        .build());
        if (StringUtils.hasText(settings.getSslBundle())) {
            SSLContext trusted = bundles.getBundle(settings.getSslBundle()).createSslContext();
            connections.setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(trusted).buildClassic());
        }
        this.http = CachingHttpClients.custom()
                .setCacheConfig(CacheConfig.custom()
                        .setMaxObjectSize(settings.getMaxDocumentSize().toBytes())
                        .setMaxCacheEntries(settings.getMaxCachedDocuments())
                        .setSharedCache(false)
                        .build())
                .setConnectionManager(connections.build())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableAutomaticRetries()
                .setUserAgent("Agent Shop authorization server (client metadata)")
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(settings.getTimeout()))
                        .build())
                // Runs only for a request that goes to the network, not for one the cache answers.
                .addRequestInterceptorLast((request, entity, context) -> countFetch())
                .build();
    }

    /** The document's bytes, or a {@link ClientIdMetadataDocuments.Refusal} saying why there are none. */
    byte[] fetch(URI url) {
        HttpGet get = new HttpGet(url);
        get.setHeader(HttpHeaders.ACCEPT, "application/json");
        ScheduledFuture<?> deadline = deadlines.schedule(get::cancel, settings.getTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            return http.execute(get, response -> {
                if (response.getCode() != 200) {
                    throw new ClientIdMetadataDocuments.Refusal("the document's URL answered " + response.getCode()
                            + " (redirects are not followed)");
                }
                HttpEntity entity = response.getEntity();
                ContentType type = entity == null ? null : ContentType.parseLenient(entity.getContentType());
                if (type == null || !(type.getMimeType().equals("application/json")
                        || type.getMimeType().endsWith("+json"))) {
                    throw new ClientIdMetadataDocuments.Refusal("the document is not served as application/json");
                }
                long limit = settings.getMaxDocumentSize().toBytes();
                if (entity.getContentLength() > limit) {
                    throw tooLarge(limit);
                }
                try (InputStream in = entity.getContent()) {
                    byte[] body = in.readNBytes((int) limit + 1);
                    if (body.length > limit) {
                        throw tooLarge(limit);
                    }
                    return body;
                }
            });
        } catch (ClientIdMetadataDocuments.Refusal refusal) {
            throw refusal;
        } catch (NotFetched refused) {
            throw new ClientIdMetadataDocuments.Refusal(refused.getMessage());
        } catch (IOException | RuntimeException failed) {
            Throwable cause = failed;
            while (cause != null) {
                if (cause instanceof NotFetched refused) {
                    throw new ClientIdMetadataDocuments.Refusal(refused.getMessage());
                }
                if (cause instanceof ClientIdMetadataDocuments.Refusal refusal) {
                    throw refusal;
                }
                cause = cause.getCause();
            }
            throw new ClientIdMetadataDocuments.Refusal(get.isCancelled()
                    ? "the document was not fetched within " + settings.getTimeout().toSeconds() + " s"
                    : "the document could not be fetched (" + failed.getClass().getSimpleName() + ")");
        } finally {
            deadline.cancel(false);
        }
    }

    private ClientIdMetadataDocuments.Refusal tooLarge(long limit) {
        return new ClientIdMetadataDocuments.Refusal("the document is larger than " + limit + " bytes");
    }

    private synchronized void countFetch() throws NotFetched {
        Instant now = clock.instant();
        while (!lastMinute.isEmpty() && !lastMinute.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) {
            lastMinute.removeFirst();
        }
        if (lastMinute.size() >= settings.getFetchesPerMinute()) {
            throw new NotFetched("this server fetches at most " + settings.getFetchesPerMinute()
                    + " client documents a minute; try again shortly");
        }
        lastMinute.addLast(now);
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }

    /** The system's resolver, refusing the whole name when any address it resolves to is not a public one. */
    private record CheckingResolver(boolean allowLoopback) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
            for (InetAddress address : addresses) {
                String refusal = PublicAddresses.refusal(address, allowLoopback);
                if (refusal != null) {
                    throw new NotFetched(host + " resolves to " + address.getHostAddress() + ", " + refusal
                            + "; client documents are fetched from public addresses only");
                }
            }
            return addresses;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
        }
    }

    /** A fetch refused before a byte was sent (an address, or the budget): an IOException, so the client stops at once. */
    private static final class NotFetched extends UnknownHostException {
        NotFetched(String message) {
            super(message);
        }
    }
}
