package io.agentshop.infra.authserver;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
  * Tells the MCP edge that a user has delegated scopes to an agent (docs/architecture.md, "Identity and authorization"):
  * {@code POST {url}} with {@code {"userId", "agentId", "scopes", "agentName"}}, authenticated with a one-minute JWT this server
  * signs for itself ({@code sub} = {@code client_id} = our own client id, {@code scope=delegations:record}), never
  * with a user's or an agent's token.
  * <p>
  * Best effort: the user's consent does not wait longer than the connect and read timeouts and never fails because
  * of the edge. A lost notification is logged (WARN) and recovered by the edge, which admits an agent it does not
  * know yet on its first call.
  */
final class DelegationRecorder {

    static final String SCOPE = "delegations:record";
    static final Duration TOKEN_TTL = Duration.ofSeconds(60);
    /** Scopes about the user's identity or the client's session rather than permissions at the shop. */
    static final Set<String> NOT_DELEGATED = Set.of(OidcScopes.OPENID, OidcScopes.PROFILE, "offline_access");

    private static final Logger log = LoggerFactory.getLogger(DelegationRecorder.class);

    private final AuthServerProperties.ConsentRecorder config;
    private final JwtEncoder jwtEncoder;
    private final AuthorizationServerSettings settings;
    private final RestClient http;
    private final Clock clock = Clock.systemUTC();

    DelegationRecorder(AuthServerProperties.ConsentRecorder config, JwtEncoder jwtEncoder,
            AuthorizationServerSettings settings) {
        this.config = config;
        this.jwtEncoder = jwtEncoder;
        this.settings = settings;
        // HTTP/1.1: no h2c upgrade dance with whatever serves the edge.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(client);
        requestFactory.setReadTimeout(config.getReadTimeout());
        this.http = RestClient.builder().requestFactory(requestFactory).build();
    }

    /**
     * Reports the scopes {@code userId} has now granted {@code agentId} (all of them, not only the new ones), and the
     * name the client went by on the consent page, so the user recognizes it among their agents.
     */
    void record(String userId, String agentId, String agentName, Collection<String> grantedScopes) {
        List<String> scopes = grantedScopes.stream().filter(s -> !NOT_DELEGATED.contains(s)).sorted().toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("agentId", agentId);
        body.put("scopes", scopes);
        body.put("agentName", agentName);
        try {
            String token = token();
            HttpStatusCode status = http.post()
                    .uri(config.getUrl())
                    .contentType(MediaType.APPLICATION_JSON)
                    .headers(headers -> headers.setBearerAuth(token))
                    .body(body)
                    .exchange((request, response) -> response.getStatusCode());
            if (status.is2xxSuccessful()) {
                log.info("Recorded at the edge: {} delegates {} to {}", userId, scopes, agentId);
            } else {
                warn(userId, agentId, "the edge answered " + status.value(), null);
            }
        } catch (RuntimeException e) {
            warn(userId, agentId, describe(e), e);
        }
    }

    private void warn(String userId, String agentId, String cause, Exception e) {
        log.warn("The consent of user {} to client {} was not recorded at {}: {}. The consent stands; the edge will"
                + " admit the agent on its first call.", userId, agentId, config.getUrl(), cause);
        if (e != null) {
            log.debug("Recording the consent of {} to {} failed", userId, agentId, e);
        }
    }

    /** The token we present to the edge: ours, signed with our key, good for one minute and one purpose. */
    private String token() {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer())
                .subject(config.getClientId())
                .claim("client_id", config.getClientId())
                .audience(List.of(config.getAudience()))
                .claim("scope", SCOPE)
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(TOKEN_TTL))
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).build();
        return jwtEncoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    /** The configured issuer, or the one Spring Authorization Server derived from the current request. */
    private String issuer() {
        if (settings.getIssuer() != null) {
            return settings.getIssuer();
        }
        AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
        if (context == null || context.getIssuer() == null) {
            throw new IllegalStateException("no issuer configured (agentshop.auth.issuer) and none derived from a request");
        }
        return context.getIssuer();
    }

    /**
      * The causes below Spring's wrapper, e.g. {@code ConnectException, caused by ClosedChannelException} or
      * {@code HttpTimeoutException: request timed out}.
      */
    private static String describe(Throwable e) {
        Throwable cause = e instanceof RestClientException && e.getCause() != null ? e.getCause() : e;
        StringBuilder text = new StringBuilder();
        for (int depth = 0; cause != null && depth < 5; cause = cause.getCause(), depth++) {
            if (depth > 0) {
                text.append(", caused by ");
            }
            text.append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return text.toString();
    }
}
