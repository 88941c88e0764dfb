package io.agentshop.mcpedge.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.TextPolicy;
import io.agentshop.resourceserver.ClaimPath;
import io.agentshop.resourceserver.TokenKind;
import io.agentshop.resourceserver.TokenKinds;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the Actor of a call from its validated access token, as {@link IdentitySettings} says the identity provider
 * writes its claims. The token decides who acts; nothing a caller sends in a request body does.
 */
@Component
public class ActorFromToken {

    static final int MAX_CHAIN = 10;

    private final IdentitySettings settings;
    private final TokenKinds kinds;
    private final ObjectMapper json;

    public ActorFromToken(IdentitySettings settings, ObjectMapper json) {
        this.settings = settings;
        this.kinds = settings.tokenKinds();
        this.json = json;
    }

    public Actor actor(Jwt token, CallContext call) {
        String userId = requireUsable(token);
        String agentId = kinds.kindOf(token) == TokenKind.PERSON ? null : clientId(token);
        return new Actor(userId, agentId, actorChain(token.getClaims()), scopes(token), roles(token),
                extraClaims(token), token.getId(), call.sessionId(), call.toolName(), call.requestId(), call.traceId());
    }

    /**
     * Refuses a valid token the shop cannot act on, and answers the user it names. A token must name a user and the
     * client it was issued to: without a client there is no telling a person's own token from an agent's, so it is
     * never taken for a person's. A token whose subject is its own client (client credentials), or one of the
     * clients in its actor chain, is a machine acting for itself: it names no user to act for.
     */
    public String requireUsable(Jwt token) {
        String userId = token.getClaimAsString(settings.userIdClaim());
        if (userId == null || userId.isBlank()) {
            throw new UnusableTokenException("the token has no '" + settings.userIdClaim() + "' claim naming a user");
        }
        String clientId = clientId(token);
        if (clientId == null) {
            throw new UnusableTokenException("the token names no client (" + String.join(" or ", settings.agentIdClaims())
                    + "): without it a person's own token cannot be told from an agent's, so it is refused");
        }
        for (String name : new String[] {userId, clientId}) {
            // The identity provider is trusted for who, not for what bytes: an id the shop could not store is refused.
            if (!TextPolicy.check(name, TextPolicy.Kind.LINE, 200).accepted()) {
                throw new UnusableTokenException("the token names its user or client with text the shop refuses"
                        + " (control characters, unpaired surrogates or more than 200 characters)");
            }
        }
        if (userId.equals(clientId) || actorChain(token.getClaims()).contains(userId)) {
            throw new UnusableTokenException("the token is client " + clientId + "'s own (its subject is a client)"
                    + " and names no user to act for");
        }
        return userId;
    }

    /** The OAuth client the token was issued to, whether an agent or a first-party client. */
    public String clientId(Jwt token) {
        return kinds.clientOf(token);
    }

    /**
     * RFC 8693 section 4.1: the current actor is the outermost {@code act}, earlier ones are nested inside it. Agent
     * Shop's own clients are left out: they hold no delegation, people use them themselves.
     */
    private List<String> actorChain(Map<String, Object> claims) {
        List<String> chain = new ArrayList<>();
        Object act = claims.get("act");
        int depth = 0;
        while (act instanceof Map<?, ?> actor) {
            if (++depth > MAX_CHAIN) {
                // Every agent on the way is checked on every call: a chain too long to check is refused, not cut.
                throw new UnusableTokenException("the token's actor chain is longer than " + MAX_CHAIN + " agents");
            }
            if (actor.get("sub") instanceof String sub && !settings.firstPartyClients().contains(sub)) {
                chain.add(sub);
            }
            act = actor.get("act");
        }
        return chain;
    }

    /** {@code scope} as a space-separated string (RFC 9068), or {@code scp} as a list (Azure AD, Okta). */
    private static Set<String> scopes(Jwt token) {
        Object scope = token.getClaims().get("scope");
        if (scope == null) {
            scope = token.getClaims().get("scp");
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (scope instanceof String text) {
            for (String one : text.trim().split("\\s+")) {
                if (!one.isEmpty()) {
                    scopes.add(one);
                }
            }
        } else if (scope instanceof Collection<?> list) {
            list.forEach(one -> scopes.add(String.valueOf(one)));
        }
        return scopes;
    }

    private Set<String> roles(Jwt token) {
        return new LinkedHashSet<>(ClaimPath.names(token.getClaims(), settings.rolesClaimPath()));
    }

    /** Strings as they are; anything structured as its JSON text, so the Actor stays a map of strings. */
    private Map<String, String> extraClaims(Jwt token) {
        Map<String, String> claims = new LinkedHashMap<>();
        for (String name : settings.extraClaims()) {
            Object value = token.getClaims().get(name);
            if (value instanceof String text) {
                claims.put(name, text);
            } else if (value != null) {
                try {
                    claims.put(name, json.writeValueAsString(value));
                } catch (JsonProcessingException e) {
                    claims.put(name, String.valueOf(value));
                }
            }
        }
        return claims;
    }
}
