package io.agentshop.mcpedge.identity;

import io.agentshop.resourceserver.TokenKinds;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;
import java.util.Set;

/**
 * How the edge reads the tokens of whichever identity provider issues them ({@code agentshop.identity.*}); the issuer
 * and audiences themselves are Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*}. docs/production.md
 * shows the values for Keycloak, Auth0 and WorkOS.
 *
 * @param userIdClaim       the claim naming the user a token acts for
 * @param agentIdClaims     claims naming the OAuth client, the first present wins ({@code client_id}, then {@code azp})
 * @param rolesClaimPath    where the user's roles are, one segment per nesting level ({@code [realm_access, roles]} for
 *                          Keycloak; one namespaced claim such as {@code https://shop.example/roles} for Auth0)
 * @param extraClaims       further claims copied into the Actor, and so into every event and the audit trail
 * @param firstPartyClients clients people use themselves (the shop's console): their tokens are the person acting,
 *                          not an agent acting for them
 * @param consentRecorders  clients allowed to report a user's consent (the authorization server's own identity)
 */
@ConfigurationProperties("agentshop.identity")
public record IdentitySettings(@DefaultValue("sub") String userIdClaim,
                               @DefaultValue({"client_id", "azp"}) List<String> agentIdClaims,
                               @DefaultValue("roles") List<String> rolesClaimPath,
                               @DefaultValue({}) List<String> extraClaims,
                               @DefaultValue({"agentshop-console", "agentshop-console-web"}) List<String> firstPartyClients,
                               @DefaultValue("agentshop-auth-server") List<String> consentRecorders) {

    /** Whose a token is, by the client it names: people's own clients, the services (consent recorders), agents. */
    public TokenKinds tokenKinds() {
        return new TokenKinds(agentIdClaims, Set.copyOf(firstPartyClients), Set.copyOf(consentRecorders));
    }
}
