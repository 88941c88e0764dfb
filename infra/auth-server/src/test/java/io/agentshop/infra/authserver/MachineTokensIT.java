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

        Map<String, Object> forQuerySide = client.clientCredentials(AGENT, AGENT_SECRET, "orders:read", QUERY_SIDE);
        assertThat(client.verifiedClaims((String) forQuerySide.get("access_token")).getAudience())
                .containsExactly(QUERY_SIDE);
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

        HttpResponse<String> first = client.exchange(AGENT, AGENT_SECRET, userToken, agentToken, QUERY_SIDE);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        Map<String, Object> firstResponse = json(first);
        assertThat(firstResponse).containsEntry("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
        JWTClaimsSet delegated = client.verifiedClaims((String) firstResponse.get("access_token"));
        assertThat(delegated.getSubject()).isEqualTo("customer1");
        assertThat(delegated.getClaim("client_id")).isEqualTo(AGENT);
        assertThat(delegated.getAudience()).containsExactly(QUERY_SIDE);
        assertThat(delegated.getJSONObjectClaim("act")).containsEntry("sub", AGENT);
        assertThat(delegated.getClaim("roles")).isEqualTo(List.of("customer"));

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
        Map<String, Object> act = chained.getJSONObjectClaim("act");
        assertThat(act).containsEntry("sub", secondId);
        @SuppressWarnings("unchecked")
        Map<String, Object> innerAct = (Map<String, Object>) act.get("act");
        assertThat(innerAct).containsEntry("sub", AGENT).doesNotContainKey("act");
    }
}
