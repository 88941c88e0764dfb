package io.agentshop.commandside.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who acts, for whom, under which authority: carried in the metadata (key {@value #METADATA_KEY}) of every command
 * and of every event the command causes.
 *
 * @param userId     the user the command acts for (the token's subject)
 * @param agentId    the OAuth client acting for the user, or {@code null} when the person acts directly
 * @param actorChain the actors of a delegated or exchanged token (RFC 8693 {@code act}), outermost first
 * @param scopes     the scopes the token grants
 * @param roles      the user's roles ({@code customer}, {@code admin}, {@code auditor}, …)
 * @param claims     selected further claims of the token
 * @param tokenId    the token's {@code jti}
 * @param sessionId  the MCP session, if any
 * @param toolName   the MCP tool (or REST control) that issued the command
 * @param requestId  the JSON-RPC or HTTP request id
 * @param traceId    the W3C trace id
 */
public record Actor(String userId, String agentId, List<String> actorChain, Set<String> scopes, Set<String> roles,
                    Map<String, String> claims, String tokenId, String sessionId, String toolName, String requestId,
                    String traceId) {

    public static final String METADATA_KEY = "actor";
    public static final String SYSTEM_USER = "system";

    public Actor {
        Objects.requireNonNull(userId, "userId");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
        actorChain = actorChain == null ? List.of() : List.copyOf(actorChain);
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    /** The shop itself (seed catalog, deadlines): no agent, role {@code system}. */
    public static Actor system(String toolName) {
        return new Actor(SYSTEM_USER, null, List.of(), Set.of(), Set.of(Role.SYSTEM), Map.of(), null, null,
                toolName, null, null);
    }

    public boolean isAgent() {
        return agentId != null;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean hasScope(Scope scope) {
        return scopes.contains(scope.value());
    }

    /** Plain maps, lists and strings only, so the metadata reads back the same from any serializer. */
    public Map<String, Object> toMetaData() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("userId", userId);
        map.put("agentId", agentId);
        map.put("actorChain", actorChain);
        map.put("scopes", List.copyOf(new TreeSet<>(scopes)));
        map.put("roles", List.copyOf(new TreeSet<>(roles)));
        map.put("claims", new LinkedHashMap<>(claims));
        map.put("tokenId", tokenId);
        map.put("sessionId", sessionId);
        map.put("toolName", toolName);
        map.put("requestId", requestId);
        map.put("traceId", traceId);
        return map;
    }

    /** The Actor in a message's metadata, or {@code null} when the message carries none (or a malformed one). */
    @SuppressWarnings("unchecked")
    public static Actor fromMetaData(Map<String, ?> metaData) {
        Object value = metaData == null ? null : metaData.get(METADATA_KEY);
        if (value instanceof Actor actor) {
            return actor;
        }
        if (!(value instanceof Map<?, ?> map) || !(map.get("userId") instanceof String userId) || userId.isBlank()) {
            return null;
        }
        return new Actor(userId, (String) map.get("agentId"), (List<String>) map.get("actorChain"),
                Set.copyOf(orEmpty((List<String>) map.get("scopes"))),
                Set.copyOf(orEmpty((List<String>) map.get("roles"))),
                (Map<String, String>) map.get("claims"), (String) map.get("tokenId"), (String) map.get("sessionId"),
                (String) map.get("toolName"), (String) map.get("requestId"), (String) map.get("traceId"));
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
