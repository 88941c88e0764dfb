package io.agentshop.infra.authserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Everything under {@code agentshop.auth}. */
@ConfigurationProperties("agentshop.auth")
public class AuthServerProperties {

    /** The issuer identifier; empty means "derived from each request" (not recommended outside tests). */
    private String issuer = "http://127.0.0.1:9000";

    /** RFC 8707 resources a token may be issued for; anything else is {@code invalid_target}. */
    private List<String> resources = new ArrayList<>(List.of(
            "http://127.0.0.1:8080/mcp", "http://127.0.0.1:8080", "http://127.0.0.1:8081"));

    /** The audience of a token requested without a {@code resource}: the MCP edge. */
    private String defaultResource = "http://127.0.0.1:8080/mcp";

    private Duration accessTokenTtl = Duration.ofMinutes(10);

    private Duration refreshTokenTtl = Duration.ofHours(8);

    /** Claim carrying the user's roles. */
    private String rolesClaim = "roles";

    /** Claim carrying the user's profile (name, email). */
    private String profileClaim = "profile";

    /** Scopes this server knows; clients may only ask for these. */
    private List<String> scopes = new ArrayList<>(List.of(
            "catalog:read", "orders:read", "orders:write", "orders:cancel", "orders:approve",
            "account:read", "account:manage", "audit:read", "analytics:read", "openid", "profile", "offline_access"));

    /**
      * Resources an agent's token may name: what dynamically registered clients and pre-registered machine agents may
      * ask for as {@code resource}. Empty (the default) means the default resource alone, the edge's MCP endpoint: an
      * agent acts through the shop's tools, never with the query side's API or the people's controls. The operator
      * may widen it on purpose.
      */
    private List<String> agentResources = new ArrayList<>();

    /**
      * Scopes an agent may be given, with the user's consent: those of the MCP endpoint (and sign-in's own). A
      * dynamically registered client may ask for any of them at the authorization endpoint, whatever it registered
      * with; never for the people's control scopes ({@code account:manage}, {@code orders:approve}).
      */
    private List<String> agentScopes = new ArrayList<>(List.of(
            "catalog:read", "orders:read", "orders:write", "orders:cancel", "account:read", "audit:read",
            "analytics:read", "openid", "profile", "offline_access"));

    private final Registration registration = new Registration();

    /** A machine agent (client credentials, token exchange); registered only under the profile {@code local}. */
    private final ConfidentialClient demoAgent = new ConfidentialClient();
    /**
      * A second machine agent, so a delegation can be exchanged onwards (act.act) between pre-registered agents; only
      * under the profile {@code local}, like the first.
      */
    private final ConfidentialClient demoSubAgent = new ConfidentialClient("demo-sub-agent", "demo-sub-agent-secret");

    /**
      * The MCP edge's own client: client credentials only, to call the query side for the user it names. Its secret
      * has no default: the profile {@code local} sets the local system's (application.yml).
      */
    private final ConfidentialClient edgeClient = new ConfidentialClient("agentshop-edge", null,
            List.of("catalog:read", "orders:read", "account:read", "audit:read"));

    private final ConsoleClient consoleClient = new ConsoleClient();

    private final ConsoleWebClient consoleWebClient = new ConsoleWebClient();

    private final ConsentRecorder consentRecorder = new ConsentRecorder();

    private final ClientMetadata clientMetadata = new ClientMetadata();

    /**
      * Client ID Metadata Documents: a client whose {@code client_id} is an https URL is described by the JSON document
      * at that URL, fetched by this server. Anybody can make the server fetch a URL this way, hence the limits.
      */
    public static class ClientMetadata {
        private boolean enabled = true;
        /**
          * Whether documents on loopback addresses (and over plain http there) are accepted: for tests and a developer's
          * own machine only, the profile {@code local} turns it on. Private, link-local and metadata-service addresses
          * are refused whatever this says.
          */
        private boolean allowLoopback = false;
        /** Longer documents are refused (they are a few hundred bytes; the draft suggests 5 KB). */
        private DataSize maxDocumentSize = DataSize.ofKilobytes(5);
        /** Longer {@code client_id} URLs are refused; they become the agent's id in every event. */
        private int maxClientIdLength = 512;
        private Duration connectTimeout = Duration.ofSeconds(2);
        /** The whole fetch, first byte to last. */
        private Duration timeout = Duration.ofSeconds(5);
        /** Fetches that reach the network per minute (all clients together); cached answers do not count. */
        private int fetchesPerMinute = 60;
        /** Documents kept in the HTTP cache at most (each as long as its Cache-Control allows). */
        private int maxCachedDocuments = 1000;
        /** An SSL bundle (spring.ssl.bundle.*) to trust instead of the JVM's CAs; the tests' self-signed documents. */
        private String sslBundle;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public boolean isAllowLoopback() { return allowLoopback; }
        public void setAllowLoopback(boolean allowLoopback) { this.allowLoopback = allowLoopback; }
        public DataSize getMaxDocumentSize() { return maxDocumentSize; }
        public void setMaxDocumentSize(DataSize maxDocumentSize) { this.maxDocumentSize = maxDocumentSize; }
        public int getMaxClientIdLength() { return maxClientIdLength; }
        public void setMaxClientIdLength(int maxClientIdLength) { this.maxClientIdLength = maxClientIdLength; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public int getFetchesPerMinute() { return fetchesPerMinute; }
        public void setFetchesPerMinute(int fetchesPerMinute) { this.fetchesPerMinute = fetchesPerMinute; }
        public int getMaxCachedDocuments() { return maxCachedDocuments; }
        public void setMaxCachedDocuments(int maxCachedDocuments) { this.maxCachedDocuments = maxCachedDocuments; }
        public String getSslBundle() { return sslBundle; }
        public void setSslBundle(String sslBundle) { this.sslBundle = sslBundle; }
    }

    /** Limits of the open dynamic client registration endpoint. */
    public static class Registration {
        /** Registrations accepted per minute (all callers together); above: 429. */
        private int perMinute = 20;
        /** Registrations accepted per minute from one source address; above: 429. */
        private int perAddressPerMinute = 5;
        /** Dynamically registered clients kept at most; above: 403. */
        private int maxClients = 500;

        public int getPerMinute() { return perMinute; }
        public void setPerMinute(int perMinute) { this.perMinute = perMinute; }
        public int getPerAddressPerMinute() { return perAddressPerMinute; }
        public void setPerAddressPerMinute(int perAddressPerMinute) { this.perAddressPerMinute = perAddressPerMinute; }
        public int getMaxClients() { return maxClients; }
        public void setMaxClients(int maxClients) { this.maxClients = maxClients; }
    }

    /** A pre-registered confidential client: a machine agent (client credentials, token exchange) or the edge. */
    public static class ConfidentialClient {
        private String clientId;
        private String clientSecret;
        private List<String> scopes = new ArrayList<>(List.of(
                "catalog:read", "orders:read", "orders:write", "orders:cancel", "account:read"));

        public ConfidentialClient() {
            this("demo-agent", "demo-agent-secret");
        }

        ConfidentialClient(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
        }

        ConfidentialClient(String clientId, String clientSecret, List<String> scopes) {
            this(clientId, clientSecret);
            this.scopes = new ArrayList<>(scopes);
        }

        public String getClientId() { return clientId; }
        public void setClientId(String clientId) { this.clientId = clientId; }
        public String getClientSecret() { return clientSecret; }
        public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
        public List<String> getScopes() { return scopes; }
        public void setScopes(List<String> scopes) { this.scopes = scopes; }
    }

    /**
      * The first-party public client of the user and admin controls: code + PKCE, no consent page (the user is
      * using Agent Shop itself, not delegating to an agent), loopback redirect URIs on any port (RFC 8252 section 7.3).
      */
    public static class ConsoleClient {
        private String clientId = "agentshop-console";
        private List<String> redirectUris = new ArrayList<>(List.of(
                "http://127.0.0.1:8080/console/callback", "http://127.0.0.1/callback"));
        private List<String> scopes = new ArrayList<>(List.of(
                "openid", "profile", "catalog:read", "orders:read", "orders:approve", "account:read", "account:manage",
                "audit:read", "analytics:read"));

        public String getClientId() { return clientId; }
        public void setClientId(String clientId) { this.clientId = clientId; }
        public List<String> getRedirectUris() { return redirectUris; }
        public void setRedirectUris(List<String> redirectUris) { this.redirectUris = redirectUris; }
        public List<String> getScopes() { return scopes; }
        public void setScopes(List<String> scopes) { this.scopes = scopes; }
    }

    /**
      * The web console (the {@code console} application), a backend-for-frontend: a confidential client, because the
      * tokens and the secret stay on its server and only a session cookie reaches the browser. Code + PKCE, rotated
      * refresh tokens, no consent page, the console client's scopes. Registered only when its secret is set (the
      * profile {@code local} sets the local system's).
      */
    public static class ConsoleWebClient {
        private String clientId = "agentshop-console-web";
        private String clientSecret;
        private List<String> redirectUris = new ArrayList<>(List.of(
                "http://127.0.0.1:8082/login/oauth2/code/agentshop", "http://localhost:8082/login/oauth2/code/agentshop"));

        public String getClientId() { return clientId; }
        public void setClientId(String clientId) { this.clientId = clientId; }
        public String getClientSecret() { return clientSecret; }
        public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
        public List<String> getRedirectUris() { return redirectUris; }
        public void setRedirectUris(List<String> redirectUris) { this.redirectUris = redirectUris; }
    }

    /**
      * Where a user's consent to a (not first-party) client is reported to the MCP edge as a delegation, and with
      * which credentials: a short-lived JWT this server signs for itself.
      */
    public static class ConsentRecorder {
        private boolean enabled = true;
        private String url = "http://127.0.0.1:8080/internal/consents";
        /** {@code sub} and {@code client_id} of the token this server presents to the edge. */
        private String clientId = "agentshop-auth-server";
        /** {@code aud} of that token: the edge's base URI. */
        private String audience = "http://127.0.0.1:8080";
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(5);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getClientId() { return clientId; }
        public void setClientId(String clientId) { this.clientId = clientId; }
        public String getAudience() { return audience; }
        public void setAudience(String audience) { this.audience = audience; }
        public Duration getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
        public Duration getReadTimeout() { return readTimeout; }
        public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }
    }

    public ClientMetadata getClientMetadata() { return clientMetadata; }
    public String getIssuer() { return issuer; }
    public void setIssuer(String issuer) { this.issuer = issuer; }
    public List<String> getResources() { return resources; }
    public void setResources(List<String> resources) { this.resources = resources; }
    public String getDefaultResource() { return defaultResource; }
    public void setDefaultResource(String defaultResource) { this.defaultResource = defaultResource; }
    public Duration getAccessTokenTtl() { return accessTokenTtl; }
    public void setAccessTokenTtl(Duration accessTokenTtl) { this.accessTokenTtl = accessTokenTtl; }
    public Duration getRefreshTokenTtl() { return refreshTokenTtl; }
    public void setRefreshTokenTtl(Duration refreshTokenTtl) { this.refreshTokenTtl = refreshTokenTtl; }
    public String getRolesClaim() { return rolesClaim; }
    public void setRolesClaim(String rolesClaim) { this.rolesClaim = rolesClaim; }
    public String getProfileClaim() { return profileClaim; }
    public void setProfileClaim(String profileClaim) { this.profileClaim = profileClaim; }
    public List<String> getScopes() { return scopes; }
    public void setScopes(List<String> scopes) { this.scopes = scopes; }
    public List<String> getAgentResources() { return agentResources; }
    public void setAgentResources(List<String> agentResources) { this.agentResources = agentResources; }
    public List<String> getAgentScopes() { return agentScopes; }
    public void setAgentScopes(List<String> agentScopes) { this.agentScopes = agentScopes; }

    /**
      * Whether a client is one of Agent Shop's own rather than an agent: the consoles (people acting themselves) and
      * the edge's client (a service calling for the users it names). Every other client is an agent.
      */
    public boolean isFirstParty(String clientId) {
        return consoleClient.getClientId().equals(clientId) || consoleWebClient.getClientId().equals(clientId)
                || edgeClient.getClientId().equals(clientId);
    }

    public Registration getRegistration() { return registration; }
    public ConfidentialClient getDemoAgent() { return demoAgent; }
    public ConfidentialClient getDemoSubAgent() { return demoSubAgent; }
    public ConfidentialClient getEdgeClient() { return edgeClient; }
    public ConsoleClient getConsoleClient() { return consoleClient; }
    public ConsoleWebClient getConsoleWebClient() { return consoleWebClient; }
    public ConsentRecorder getConsentRecorder() { return consentRecorder; }
}
