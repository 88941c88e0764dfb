package io.agentshop.queryside.infrastructure.security;

import io.agentshop.resourceserver.ClaimPath;
import io.agentshop.resourceserver.TokenKinds;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a validated token may do, as authorities, by whose token it is ({@link TokenKinds}, docs/security.md):
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
    private final TokenKinds kinds;

    public TokenAuthorities(SecuritySettings settings) {
        this.rolesClaimPath = settings.rolesClaimPath();
        this.kinds = new TokenKinds(List.of("client_id", "azp"), Set.copyOf(settings.firstPartyClients()),
                Set.copyOf(settings.serviceClients()));
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        switch (kinds.kindOf(jwt)) {
            case SERVICE -> {
                authorities.add(new SimpleGrantedAuthority(SERVICE_CLIENT));
                authorities.addAll(scopes.convert(jwt));
            }
            case PERSON -> {
                authorities.add(new SimpleGrantedAuthority(PERSON));
                authorities.addAll(scopes.convert(jwt));
                ClaimPath.names(jwt.getClaims(), rolesClaimPath)
                        .forEach(role -> authorities.add(new SimpleGrantedAuthority(ROLE_PREFIX + role)));
            }
            case AGENT -> authorities.add(new SimpleGrantedAuthority(AGENT));
            case NO_CLIENT -> { }
        }
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }
}
