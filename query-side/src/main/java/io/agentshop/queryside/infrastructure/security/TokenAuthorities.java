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
 * What a validated token may do, as authorities, by whose token it is (DESIGN.md, "Identity and authorization"):
 * <ul>
 *   <li>a service's own ({@code agentshop.security.service-clients}, the MCP edge): {@link #SERVICE_CLIENT} and its
 *       scopes; it reads for the users it names in the request;</li>
 *   <li>a person's own (issued to one of {@code agentshop.security.first-party-clients}, the console): {@link #PERSON},
 *       its scopes, and {@code ROLE_x} for each role at {@code agentshop.security.roles-claim-path}: roles grant their
 *       powers to people only;</li>
 *   <li>any other client's, an agent's: {@link #AGENT} and nothing else. A role never grants an agent anything, and
 *       no rule of this API admits an agent: agents act through the edge's tools, under their user's delegation;</li>
 *   <li>a token naming no client ({@code client_id}, else {@code azp}): no authority at all, since there is no telling
 *       whose it is.</li>
 * </ul>
 */
public final class TokenAuthorities implements Converter<Jwt, AbstractAuthenticationToken> {

    /** The token is a service's own (client credentials): it may read for the users it names in the request. */
    public static final String SERVICE_CLIENT = "SERVICE_CLIENT";
    /** The token is a person's own, from a first-party client: its roles count. */
    public static final String PERSON = "PERSON";
    /** The token is an agent's: this API serves it nothing. */
    public static final String AGENT = "AGENT";
    public static final String ROLE_PREFIX = "ROLE_";

    private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
    private final List<String> rolesClaimPath;
    private final Set<String> serviceClients;
    private final Set<String> firstPartyClients;

    public TokenAuthorities(SecuritySettings settings) {
        this.rolesClaimPath = settings.rolesClaimPath();
        this.serviceClients = Set.copyOf(settings.serviceClients());
        this.firstPartyClients = Set.copyOf(settings.firstPartyClients());
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        String client = client(jwt);
        if (client == null) {
            return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
        }
        if (serviceClients.contains(client)) {
            authorities.add(new SimpleGrantedAuthority(SERVICE_CLIENT));
            authorities.addAll(scopes.convert(jwt));
        } else if (firstPartyClients.contains(client)) {
            authorities.add(new SimpleGrantedAuthority(PERSON));
            authorities.addAll(scopes.convert(jwt));
            roles(jwt).forEach(role -> authorities.add(new SimpleGrantedAuthority(ROLE_PREFIX + role)));
        } else {
            authorities.add(new SimpleGrantedAuthority(AGENT));
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
