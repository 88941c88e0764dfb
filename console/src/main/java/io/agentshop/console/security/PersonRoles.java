package io.agentshop.console.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signed-in person's roles, from the ID token the authorization server gives its first-party consoles (at
 * {@code agentshop.console.roles-claim-path}), as {@code ROLE_<role>}: what pages the console offers. The edge and
 * the query side decide again from the access token.
 */
final class PersonRoles implements GrantedAuthoritiesMapper {

    private final List<String> claimPath;

    PersonRoles(List<String> claimPath) {
        this.claimPath = List.copyOf(claimPath);
    }

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<GrantedAuthority> mapped = new LinkedHashSet<>(authorities);
        for (GrantedAuthority authority : authorities) {
            if (authority instanceof OidcUserAuthority person) {
                Object claim = person.getIdToken().getClaims();
                for (String name : claimPath) {
                    claim = claim instanceof Map<?, ?> object ? object.get(name) : null;
                }
                if (claim instanceof Collection<?> roles) {
                    roles.forEach(role -> mapped.add(new SimpleGrantedAuthority("ROLE_" + role)));
                } else if (claim instanceof String role) {
                    mapped.add(new SimpleGrantedAuthority("ROLE_" + role));
                }
            }
        }
        return mapped;
    }
}
