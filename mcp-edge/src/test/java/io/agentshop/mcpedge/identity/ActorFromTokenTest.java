package io.agentshop.mcpedge.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.Actor;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whose token it is decides whether a call is a person acting or an agent acting for one, and which agents on the way. */
class ActorFromTokenTest {

    private static final CallContext CALL = new CallContext("whoami", null, "request-1", null);

    private final ActorFromToken actors = new ActorFromToken(new IdentitySettings("sub", List.of("client_id", "azp"),
            List.of("roles"), List.of(), List.of("agentshop-console"), List.of("agentshop-auth-server")),
            new ObjectMapper());

    @Test
    void aTokenThatNamesNoClientIsRefusedNotTakenForAPersonsOwn() {
        Jwt noClient = token(claims -> claims.put("roles", List.of("admin")));

        assertThatThrownBy(() -> actors.actor(noClient, CALL)).isInstanceOf(UnusableTokenException.class)
                .hasMessageContaining("names no client");
    }

    @Test
    void theConsolesTokenIsThePersonAndAnyOtherClientsIsAnAgent() {
        assertThat(actors.actor(token(claims -> claims.put("client_id", "agentshop-console")), CALL).isAgent())
                .isFalse();
        Actor agent = actors.actor(token(claims -> claims.put("azp", "registered-agent")), CALL);
        assertThat(agent.agentId()).isEqualTo("registered-agent");
    }

    @Test
    void aClientsOwnTokenNamesNoUser() {
        Jwt own = token(claims -> {
            claims.put("sub", "demo-agent");
            claims.put("client_id", "demo-agent");
        });

        assertThatThrownBy(() -> actors.actor(own, CALL)).isInstanceOf(UnusableTokenException.class)
                .hasMessageContaining("names no user");
    }

    @Test
    void theActorChainNamesEveryAgentOnTheWayAndNoneOfTheShopsOwnClients() {
        Jwt exchanged = token(claims -> {
            claims.put("client_id", "demo-sub-agent");
            claims.put("act", Map.of("sub", "demo-sub-agent", "act", Map.of("sub", "demo-agent",
                    "act", Map.of("sub", "agentshop-console"))));
        });

        assertThat(actors.actor(exchanged, CALL).actorChain()).containsExactly("demo-sub-agent", "demo-agent");
    }

    @Test
    void aChainTooLongToCheckIsRefusedRatherThanCut() {
        Map<String, Object> act = Map.of("sub", "agent-0");
        for (int i = 1; i <= ActorFromToken.MAX_CHAIN; i++) {
            act = Map.of("sub", "agent-" + i, "act", act);
        }
        Map<String, Object> chain = act;
        Jwt deep = token(claims -> {
            claims.put("client_id", "agent-" + ActorFromToken.MAX_CHAIN);
            claims.put("act", chain);
        });

        assertThatThrownBy(() -> actors.actor(deep, CALL)).isInstanceOf(UnusableTokenException.class)
                .hasMessageContaining("longer than " + ActorFromToken.MAX_CHAIN);
    }

    private static Jwt token(Consumer<Map<String, Object>> claims) {
        Map<String, Object> all = new HashMap<>(Map.of("sub", "customer1", "scope", "catalog:read"));
        claims.accept(all);
        return Jwt.withTokenValue("t").header("alg", "RS256").claims(c -> c.putAll(all)).build();
    }
}
