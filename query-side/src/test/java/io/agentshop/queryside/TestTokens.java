package io.agentshop.queryside;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Access tokens as an authorization server would issue them, signed with an RSA key made once per test JVM. The query
 * side under test finds the public key the way it does in production, as a JWK set over HTTP
 * ({@link #jwkSetUri()}, a loopback server publishing that one document, no authorization server).
 */
public final class TestTokens {

    /** The issuer the tests configure ({@code .test} is reserved: nothing answers there). */
    public static final String ISSUER = "https://issuer.agentshop.test";
    /** The query side's default audience, which the tests keep. */
    public static final String AUDIENCE = "http://127.0.0.1:8081";
    public static final String EDGE = "agentshop-edge";
    /** Every scope the edge's own token carries. */
    public static final String[] EDGE_SCOPES = {"catalog:read", "orders:read", "account:read", "audit:read"};

    private static final String KEY_ID = "test-key";
    private static final RSAKey KEY = generate();
    /** Another key under the same id: a token it signs points at the right key but does not verify with it. */
    private static final RSAKey FOREIGN_KEY = generate();
    private static volatile String jwkSetUri;

    private TestTokens() {
    }

    /** A service client's own client-credentials token (the MCP edge by default) with these scopes. */
    public static String service(String... scopes) {
        return sign(KEY, serviceClaims(EDGE, scopes).build());
    }

    /** A client-credentials token of a client that is not a service client of the query side. */
    public static String client(String clientId, String... scopes) {
        return sign(KEY, serviceClaims(clientId, scopes).build());
    }

    /** A person's token (signed in through some app) with these roles and no scopes of the query side. */
    public static String person(String sub, String... roles) {
        return sign(KEY, claims(sub).claim("client_id", "agentshop-console").claim("roles", List.of(roles)).build());
    }

    /**
     * An agent's token: issued to {@code clientId}, a client that is neither the console nor a service, for a user
     * with these roles and scopes (as a registered MCP client signed in by that user would hold).
     */
    public static String agent(String clientId, String sub, List<String> roles, String... scopes) {
        return sign(KEY, claims(sub).claim("client_id", clientId).claim("roles", roles)
                .claim("scope", String.join(" ", scopes)).build());
    }

    /** A user's token with roles and scopes but neither {@code client_id} nor {@code azp}. */
    public static String withoutClient(String sub, List<String> roles, String... scopes) {
        return sign(KEY, claims(sub).claim("roles", roles).claim("scope", String.join(" ", scopes)).build());
    }

    /** The edge's token with every scope, except that it expired five minutes ago (beyond any clock skew). */
    public static String expired() {
        return sign(KEY, serviceClaims(EDGE, EDGE_SCOPES).build(), Instant.now().minus(Duration.ofMinutes(15)));
    }

    /** The edge's token with every scope, except that it was issued for another resource. */
    public static String forAudience(String audience) {
        return sign(KEY, serviceClaims(EDGE, EDGE_SCOPES).audience(audience).build());
    }

    /** The edge's token with every scope, except that another issuer says it issued it. */
    public static String fromIssuer(String issuer) {
        return sign(KEY, serviceClaims(EDGE, EDGE_SCOPES).issuer(issuer).build());
    }

    /** The edge's token with every scope, except that a key the issuer never published signed it. */
    public static String signedByAnotherKey() {
        return sign(FOREIGN_KEY, serviceClaims(EDGE, EDGE_SCOPES).build());
    }

    /** Where the query side under test reads the issuer's public key; the server starts on first use. */
    public static synchronized String jwkSetUri() {
        if (jwkSetUri == null) {
            byte[] document = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                server.createContext("/jwks.json", exchange -> {
                    exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
                    exchange.sendResponseHeaders(200, document.length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(document);
                    }
                });
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "jwks-stop"));
                jwkSetUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
            } catch (IOException e) {
                throw new IllegalStateException("could not serve the test JWK set", e);
            }
        }
        return jwkSetUri;
    }

    private static JWTClaimsSet.Builder serviceClaims(String clientId, String... scopes) {
        // Client credentials: the client is its own subject.
        return claims(clientId).claim("client_id", clientId).claim("scope", String.join(" ", scopes));
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, claims, Instant.now());
    }

    /** Signs the claims as issued at {@code issued}, valid from then for ten minutes. */
    private static String sign(RSAKey key, JWTClaimsSet claims, Instant issued) {
        JWTClaimsSet timed = new JWTClaimsSet.Builder(claims).issueTime(Date.from(issued))
                .notBeforeTime(Date.from(issued)).expirationTime(Date.from(issued.plus(Duration.ofMinutes(10)))).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    timed);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(KEY_ID).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
