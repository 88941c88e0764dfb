package io.agentshop.queryside.infrastructure.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * {@code agentshop.security.*}, what the query side reads from a token beyond Spring Boot's resource server
 * properties. (The issuer and the audience, {@code agentshop.security.issuer-uri} and {@code .audience}, are handed to
 * Boot's {@code spring.security.oauth2.resourceserver.jwt.*} in {@code application.yml}: Boot checks them.)
 *
 * @param rolesClaimPath where the person's roles are: the claim names from the top of the token down, one segment
 *                       each, because claim names may contain dots ({@code [roles]}; Keycloak
 *                       {@code [realm_access, roles]}; Auth0 {@code [https://agentshop.example/roles]})
 * @param serviceClients the client ids ({@code client_id}, else {@code azp}) whose tokens are a service calling with
 *                       its own client credentials for users it names in the request: the MCP edge
 * @param firstPartyClients the clients people use themselves (the shop's console): their tokens are a person's own,
 *                       whose roles count; every other client's token is an agent's, which this API refuses
 */
@ConfigurationProperties("agentshop.security")
public record SecuritySettings(@DefaultValue("roles") List<String> rolesClaimPath,
                               @DefaultValue("agentshop-edge") List<String> serviceClients,
                               @DefaultValue({"agentshop-console", "agentshop-console-web"}) List<String> firstPartyClients) {

    public SecuritySettings {
        if (rolesClaimPath.isEmpty() || rolesClaimPath.stream().anyMatch(segment -> segment == null || segment.isBlank())) {
            throw new IllegalArgumentException("agentshop.security.roles-claim-path needs at least one claim name and"
                    + " no empty segment, was " + rolesClaimPath);
        }
        rolesClaimPath = List.copyOf(rolesClaimPath);
        serviceClients = List.copyOf(serviceClients);
        firstPartyClients = List.copyOf(firstPartyClients);
        if (serviceClients.stream().anyMatch(firstPartyClients::contains)) {
            throw new IllegalArgumentException("a client is either a service (agentshop.security.service-clients) or"
                    + " people's own (agentshop.security.first-party-clients), never both: " + serviceClients + ", "
                    + firstPartyClients);
        }
    }
}
