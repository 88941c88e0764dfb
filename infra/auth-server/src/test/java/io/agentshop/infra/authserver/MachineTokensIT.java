package io.agentshop.infra.authserver;

import static io.agentshop.infra.authserver.TestOAuthClient.EDGE;
import static io.agentshop.infra.authserver.TestOAuthClient.QUERY_SIDE;
import static io.agentshop.infra.authserver.TestOAuthClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineTokensIT extends AuthServerIT {

    private static final String AGENT = "demo-agent";
    private static final String AGENT_SECRET = "demo-agent-secret";
    private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

    @Test
    void demoAgentGetsAClientCredentialsToken() {
        TestOAuthClient client = client();
        Map<String, Object> tokens = client.clientCredentials(AGENT, AGENT_SECRET, "catalog:read", null);
        JWTClaimsSet claims = client.verifiedClaims((String) tokens.get("access_token"));
        assertThat(claims.getSubject()).isEqualTo(AGENT);
        assertThat(claims.getClaim("client_id")).isEqualTo(AGENT);
        assertThat(claims.getClaim("scope")).isEqualTo("catalog:read");
        assertThat(claims.getAudience()).containsExactly(EDGE);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(tokens).doesNotContainKey("refresh_token");

        // An agent's token is for the MCP endpoint only, never for the query side's API.
        HttpResponse<String> forQuerySide = client.postForm("/token", TestOAuthClient.form("grant_type",
                "client_credentials", "scope", "orders:read", "resource", QUERY_SIDE), AGENT, AGENT_SECRET);
        assertThat(forQuerySide.statusCode()).isEqualTo(400);
        assertThat(json(forQuerySide)).containsEntry("error", "invalid_target");
        assertThat((String) json(forQuerySide).get("error_description")).contains("Agents' tokens are for");
    }

    @Test
    void theEdgeGetsATokenForTheQuerySideAsItselfWithItsOwnScopesOnly() {
        TestOAuthClient client = client();
        String edge = "agentshop-edge";
        String secret = "agentshop-edge-local-secret";
        Map<String, Object> tokens = client.clientCredentials(edge, secret,
                "catalog:read orders:read account:read audit:read", QUERY_SIDE);
        JWTClaimsSet claims = client.verifiedClaims((String) tokens.get("access_token"));
        assertThat(claims.getSubject()).isEqualTo(edge);
        assertThat(claims.getClaim("client_id")).isEqualTo(edge);
        assertThat(claims.getAudience()).containsExactly(QUERY_SIDE);
        assertThat(List.of(((String) claims.getClaim("scope")).split(" ")))
                .containsExactlyInAnyOrder("catalog:read", "orders:read", "account:read", "audit:read");
        assertThat(claims.getClaims()).doesNotContainKeys("roles", "profile", "act");
        assertThat(tokens).doesNotContainKey("refresh_token");

        HttpResponse<String> write = client.postForm("/token", TestOAuthClient.form("grant_type", "client_credentials",
                "scope", "orders:write", "resource", QUERY_SIDE), edge, secret);
        assertThat(write.statusCode()).isEqualTo(400);
        assertThat(json(write)).containsEntry("error", "invalid_scope");

        // Client credentials only: the edge does not get to act as a user with somebody else's token.
        String userToken = (String) userTokens("customer1", "catalog:read", EDGE).get("access_token");
        HttpResponse<String> exchange = client.exchange(edge, secret, userToken, null, QUERY_SIDE);
        assertThat(exchange.statusCode()).isEqualTo(400);
        assertThat(json(exchange)).containsEntry("error", "unauthorized_client");
    }

    @Test
    void tokenExchangeRecordsTheActorAndTheChainOfActors() throws Exception {
        TestOAuthClient client = client();
        String userToken = (String) userTokens("customer1", "catalog:read orders:read", EDGE).get("access_token");
        String agentToken = (String) client.clientCredentials(AGENT, AGENT_SECRET, "catalog:read", null)
                .get("access_token");

        String userClient = (String) client.verifiedClaims(userToken).getClaim("client_id");
        HttpResponse<String> first = client.exchange(AGENT, AGENT_SECRET, userToken, agentToken, EDGE);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        Map<String, Object> firstResponse = json(first);
        assertThat(firstResponse).containsEntry("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
        JWTClaimsSet delegated = client.verifiedClaims((String) firstResponse.get("access_token"));
        assertThat(delegated.getSubject()).isEqualTo("customer1");
        assertThat(delegated.getClaim("client_id")).isEqualTo(AGENT);
        assertThat(delegated.getAudience()).containsExactly(EDGE);
        // act names the client that exchanged; inside it, the client the user's own token was issued to.
        assertThat(delegated.getJSONObjectClaim("act")).isEqualTo(Map.of("sub", AGENT, "act", Map.of("sub", userClient)));
        assertThat(delegated.getClaim("roles")).isEqualTo(List.of("customer"));
        assertThat(List.of(((String) delegated.getClaim("scope")).split(" ")))
                .as("no scope asked for: what the subject token and the client have in common")
                .containsExactlyInAnyOrder("catalog:read", "orders:read");

        // A second pre-registered agent takes the delegation one step further.
        String secondId = "demo-sub-agent";
        String secondSecret = "demo-sub-agent-secret";
        String secondAgentToken = (String) client.clientCredentials(secondId, secondSecret, "catalog:read", null)
                .get("access_token");
        HttpResponse<String> again = client.exchange(secondId, secondSecret,
                (String) firstResponse.get("access_token"), secondAgentToken, null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JWTClaimsSet chained = client.verifiedClaims((String) json(again).get("access_token"));
        assertThat(chained.getSubject()).isEqualTo("customer1");
        assertThat(chained.getClaim("client_id")).isEqualTo(secondId);
        assertThat(chained.getAudience()).containsExactly(EDGE);
        assertThat(chained.getJSONObjectClaim("act")).isEqualTo(Map.of("sub", secondId,
                "act", Map.of("sub", AGENT, "act", Map.of("sub", userClient))));
    }

    // ---------------------------------------------------------------- token exchange never widens, never crosses

    @Test
    void anExchangeAskingForAScopeTheSubjectTokenLacksIsRefused() {
        TestOAuthClient client = client();
        String userToken = (String) userTokens("customer1", "catalog:read", EDGE).get("access_token");

        HttpResponse<String> wider = client.postForm("/token", TestOAuthClient.form(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", userToken,
                "subject_token_type", ACCESS_TOKEN, "scope", "catalog:read orders:write", "resource", EDGE),
                AGENT, AGENT_SECRET);

        assertThat(wider.statusCode()).isEqualTo(400);
        assertThat(json(wider)).containsEntry("error", "invalid_scope");
        assertThat((String) json(wider).get("error_description")).contains("orders:write");

        HttpResponse<String> same = client.postForm("/token", TestOAuthClient.form(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", userToken,
                "subject_token_type", ACCESS_TOKEN, "scope", "catalog:read", "resource", EDGE), AGENT, AGENT_SECRET);
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
    }

    @Test
    void aClientsOwnTokenNamesNoUserAndCannotBeExchangedForOne() {
        TestOAuthClient client = client();
        String ownToken = (String) client.clientCredentials("demo-sub-agent", "demo-sub-agent-secret", "catalog:read",
                null).get("access_token");

        HttpResponse<String> exchange = client.exchange(AGENT, AGENT_SECRET, ownToken, null, EDGE);

        assertThat(exchange.statusCode()).isEqualTo(400);
        assertThat(json(exchange)).containsEntry("error", "invalid_grant");
        assertThat((String) json(exchange).get("error_description")).contains("names no user");
    }

    @Test
    void aSubjectTokenForAnAudienceTheAgentMayNotActForIsRefused() {
        TestOAuthClient client = client();
        // The person's own console token for the query side: not an agent's to take over.
        String consoleToken = consoleTokenFor("auditor", "audit:read", QUERY_SIDE);

        HttpResponse<String> exchange = client.exchange(AGENT, AGENT_SECRET, consoleToken, null, EDGE);

        assertThat(exchange.statusCode()).isEqualTo(400);
        assertThat(json(exchange)).containsEntry("error", "invalid_grant");
        assertThat((String) json(exchange).get("error_description")).contains(QUERY_SIDE);
    }

    @Test
    void anActorTokenOfAnotherClientIsRefused() {
        TestOAuthClient client = client();
        String userToken = (String) userTokens("customer1", "catalog:read", EDGE).get("access_token");
        String somebodyElses = (String) client.clientCredentials("demo-sub-agent", "demo-sub-agent-secret",
                "catalog:read", null).get("access_token");

        HttpResponse<String> exchange = client.exchange(AGENT, AGENT_SECRET, userToken, somebodyElses, EDGE);

        assertThat(exchange.statusCode()).isEqualTo(400);
        assertThat(json(exchange)).containsEntry("error", "invalid_grant");
        assertThat((String) json(exchange).get("error_description")).contains("actor token");
    }

    @Test
    void withoutAnActorTokenActStillNamesTheExchangingClient() throws Exception {
        TestOAuthClient client = client();
        Map<String, Object> user = userTokens("customer2", "catalog:read orders:read", EDGE);

        HttpResponse<String> exchange = client.exchange(AGENT, AGENT_SECRET, (String) user.get("access_token"), null,
                EDGE);

        assertThat(exchange.statusCode()).as(exchange.body()).isEqualTo(200);
        JWTClaimsSet claims = client.verifiedClaims((String) json(exchange).get("access_token"));
        assertThat(claims.getJSONObjectClaim("act")).isEqualTo(Map.of("sub", AGENT,
                "act", Map.of("sub", user.get("client_id"))));
    }

    /** The console's code flow for a person: a first-party client, no consent page. */
    private String consoleTokenFor(String username, String scope, String resource) {
        TestOAuthClient browser = client();
        String verifier = TestOAuthClient.verifier();
        String redirectUri = "http://127.0.0.1:" + freePort() + "/callback";
        String redirect = browser.authorizeInteractively(browser.authorizeUrl("agentshop-console", redirectUri, scope,
                "s", TestOAuthClient.s256(verifier), "S256", resource), username, UserDirectory.DEMO_PASSWORD);
        HttpResponse<String> token = browser.postForm("/token", TestOAuthClient.form("grant_type",
                "authorization_code", "code", TestOAuthClient.queryOf(redirect).get("code"), "redirect_uri", redirectUri,
                "client_id", "agentshop-console", "code_verifier", verifier), null, null);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return (String) json(token).get("access_token");
    }
}
