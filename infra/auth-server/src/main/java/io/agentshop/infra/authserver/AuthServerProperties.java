package io.agentshop.infra.authserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Everything under {@code agentshop.auth}. */
@ConfigurationProperties("agentshop.auth")
public class AuthServerProperties {

    /** The issuer identifier; empty means "derived from each request" (not recommended outside tests). */
    private String issuer = "http://127.0.0.1:9000";

    /** RFC 8707 resources a token may be issued for; anything else is {@code invalid_target}. */
    private List<String> resources = new ArrayList<>(List.of("http://127.0.0.1:8080/mcp", "http://127.0.0.1:8081"));

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
            "account:read", "account:manage", "audit:read", "openid", "profile", "offline_access"));

    private final Registration registration = new Registration();

    private final DemoAgent demoAgent = new DemoAgent();
    /** A second machine agent, so a delegation can be exchanged onwards (act.act) between pre-registered agents. */
    private final DemoAgent demoSubAgent = new DemoAgent("demo-sub-agent", "demo-sub-agent-secret");

    /** Limits of the open dynamic client registration endpoint. */
    public static class Registration {
        /** Registrations accepted per minute (all callers together); above: 429. */
        private int perMinute = 20;
        /** Dynamically registered clients kept at most; above: 403. */
        private int maxClients = 500;

        public int getPerMinute() { return perMinute; }
        public void setPerMinute(int perMinute) { this.perMinute = perMinute; }
        public int getMaxClients() { return maxClients; }
        public void setMaxClients(int maxClients) { this.maxClients = maxClients; }
    }

    /** The pre-registered confidential client for machine agents (client credentials, token exchange). */
    public static class DemoAgent {
        private String clientId;
        private String clientSecret;
        private List<String> scopes = new ArrayList<>(List.of(
                "catalog:read", "orders:read", "orders:write", "orders:cancel", "account:read"));

        public DemoAgent() {
            this("demo-agent", "demo-agent-secret");
        }

        DemoAgent(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
        }

        public String getClientId() { return clientId; }
        public void setClientId(String clientId) { this.clientId = clientId; }
        public String getClientSecret() { return clientSecret; }
        public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
        public List<String> getScopes() { return scopes; }
        public void setScopes(List<String> scopes) { this.scopes = scopes; }
    }

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
    public Registration getRegistration() { return registration; }
    public DemoAgent getDemoAgent() { return demoAgent; }
    public DemoAgent getDemoSubAgent() { return demoSubAgent; }
}
