package io.agentshop.infra.launcher;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
  * Client ID Metadata Documents served over https on 127.0.0.1, as an MCP client would publish its own (the official
  * TypeScript SDK takes only an https URL). The certificate is made here with the JDK's keytool, and the authorization
  * server is told to trust it through an SSL bundle ({@link #authServerJvmOptions()}); {@code SELF} in a document
  * becomes its own URL.
  */
final class HttpsClientDocuments implements AutoCloseable {

    static final String SELF = "{SELF}";
    private static final String PASSWORD = "changeit";

    private final Path keyStore;
    private final HttpsServer server;
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();

    private HttpsClientDocuments(Path keyStore, HttpsServer server) {
        this.keyStore = keyStore;
        this.server = server;
    }

    static HttpsClientDocuments start(Path folder) throws Exception {
        Path keyStore = folder.resolve("client-documents.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "documents", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + said);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        HttpsClientDocuments documents = new HttpsClientDocuments(keyStore, server);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = documents.documents.get(exchange.getRequestURI().getPath());
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return documents;
    }

    /** Publishes the document at {@code path}; returns its URL. */
    String publish(String path, String document) {
        String url = "https://127.0.0.1:" + server.getAddress().getPort() + path;
        documents.put(path, document.replace(SELF, url).getBytes(StandardCharsets.UTF_8));
        return url;
    }

    /** What the authorization server needs to trust these documents' certificate. */
    List<String> authServerJvmOptions() {
        String bundle = "-Dspring.ssl.bundle.jks.client-documents.truststore.";
        return List.of(bundle + "location=file:" + keyStore, bundle + "password=" + PASSWORD,
                bundle + "type=PKCS12", "-Dagentshop.auth.client-metadata.ssl-bundle=client-documents");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
