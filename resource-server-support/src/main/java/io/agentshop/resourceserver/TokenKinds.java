package io.agentshop.resourceserver;

import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.Set;

/**
 * Tells whose a token is from the client it was issued to, as the identity provider writes that client: the first
 * claim of {@code clientClaims} that has a value ({@code client_id} of RFC 9068, then {@code azp} of OpenID Connect,
 * for providers such as Keycloak). The same rule at both resource servers, so a token is one kind everywhere.
 *
 * @param clientClaims      claims naming the client, in the order they are tried
 * @param firstPartyClients Agent Shop's own clients that people use themselves (the console)
 * @param serviceClients    services acting for themselves (client credentials), e.g. the edge at the query side
 */
public record TokenKinds(List<String> clientClaims, Set<String> firstPartyClients, Set<String> serviceClients) {

    public TokenKinds {
        clientClaims = List.copyOf(clientClaims);
        firstPartyClients = Set.copyOf(firstPartyClients);
        serviceClients = Set.copyOf(serviceClients);
    }

    /** The client the token was issued to, or null when it names none. */
    public String clientOf(Jwt token) {
        return clientClaims.stream()
                .map(token::getClaimAsString)
                .filter(value -> value != null && !value.isBlank())
                .findFirst().orElse(null);
    }

    public TokenKind kindOf(Jwt token) {
        String client = clientOf(token);
        if (client == null) {
            return TokenKind.NO_CLIENT;
        }
        if (serviceClients.contains(client)) {
            return TokenKind.SERVICE;
        }
        return firstPartyClients.contains(client) ? TokenKind.PERSON : TokenKind.AGENT;
    }
}
