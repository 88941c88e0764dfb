package io.agentshop.resourceserver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Names found at a path into a token's claims, as identity providers nest them ({@code roles}, Keycloak's
 * {@code realm_access.roles}): a list of names, or one string of names separated by spaces; none when the path leads
 * nowhere.
 */
public final class ClaimPath {

    private ClaimPath() {
    }

    public static List<String> names(Map<String, Object> claims, List<String> path) {
        Object value = claims;
        for (String segment : path) {
            if (!(value instanceof Map<?, ?> nested)) {
                return List.of();
            }
            value = nested.get(segment);
        }
        List<String> names = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.stream().filter(name -> name instanceof String).map(String.class::cast)
                    .filter(name -> !name.isBlank()).forEach(names::add);
        } else if (value instanceof String text) {
            for (String name : text.trim().split("\\s+")) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
