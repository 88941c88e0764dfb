package io.agentshop.console;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.util.List;

/** Who is signed in, as the pages show it: their user id, name and roles. */
public record Person(String userId, String name, List<String> roles) {

    public static Person of(Authentication authentication) {
        if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
            return null;
        }
        List<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_")).map(authority -> authority.substring(5)).toList();
        String name = user.getFullName() != null ? user.getFullName() : user.getClaimAsString("name");
        return new Person(user.getSubject(), name != null ? name : user.getSubject(), roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
