package io.agentshop.queryside.infrastructure.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a validated token may do, as authorities: {@code SCOPE_x} for each scope ({@code scope} or {@code scp}, as
 * Spring reads them), {@code ROLE_x} for each role found at {@code agentshop.security.roles-claim-path}, and
 * {@link #SERVICE_CLIENT} when the token's client is one of {@code agentshop.security.service-clients}.
 */
public final class TokenAuthorities implements Converter<Jwt, AbstractAuthenticationToken> {

    /** The token is a service's own (client credentials): it may read for the users it names in the request. */
    public static final String SERVICE_CLIENT = "SERVICE_CLIENT";
    public static final String ROLE_PREFIX = "ROLE_";

    private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
    private final List<String> rolesClaimPath;
    private final Set<String> serviceClients;

    public TokenAuthorities(SecuritySettings settings) {
        this.rolesClaimPath = settings.rolesClaimPath();
        this.serviceClients = Set.copyOf(settings.serviceClients());
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>(scopes.convert(jwt));
        roles(jwt).forEach(role -> authorities.add(new SimpleGrantedAuthority(ROLE_PREFIX + role)));
        String client = client(jwt);
        if (client != null && serviceClients.contains(client)) {
            authorities.add(new SimpleGrantedAuthority(SERVICE_CLIENT));
        }
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    /** The client the token was issued to: {@code client_id} (RFC 9068), else {@code azp} (OpenID Connect, Keycloak). */
    static String client(Jwt jwt) {
        String clientId = jwt.getClaimAsString("client_id");
        return clientId != null ? clientId : jwt.getClaimAsString("azp");
    }

    /** The roles at the claim path: a list of names, or one string of names separated by spaces; none if absent. */
    List<String> roles(Jwt jwt) {
        Object value = jwt.getClaims();
        for (String segment : rolesClaimPath) {
            if (!(value instanceof Map<?, ?> claims)) {
                return List.of();
            }
            value = claims.get(segment);
        }
        List<String> roles = new ArrayList<>();
        if (value instanceof Collection<?> names) {
            names.stream().filter(name -> name instanceof String).map(String.class::cast)
                    .filter(name -> !name.isBlank()).forEach(roles::add);
        } else if (value instanceof String names) {
            for (String name : names.trim().split("\\s+")) {
                if (!name.isEmpty()) {
                    roles.add(name);
                }
            }
        }
        return roles;
    }
}
