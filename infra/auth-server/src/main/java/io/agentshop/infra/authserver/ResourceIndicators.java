package io.agentshop.infra.authserver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
  * RFC 8707 resource indicators: which audience a token gets. Spring Authorization Server puts the client id in
  * {@code aud}; the edge wants its own resource URI there, and only resources of the allow-list may be named. An
  * agent (any client but Agent Shop's own, see {@link AuthServerProperties#isFirstParty}) may name only the agent
  * resources, the MCP endpoint by default: a token an agent holds never opens the query side or the controls.
  */
@Component
public class ResourceIndicators {

    static final String RESOURCE = "resource";
    static final String INVALID_TARGET = "invalid_target";
    private static final String ERROR_URI = "https://www.rfc-editor.org/rfc/rfc8707#section-2";

    private final Set<String> allowed;
    private final Set<String> forAgents;
    private final String defaultResource;
    private final AuthServerProperties properties;

    public ResourceIndicators(AuthServerProperties properties) {
        this.properties = properties;
        this.allowed = new LinkedHashSet<>(properties.getResources());
        this.defaultResource = properties.getDefaultResource();
        this.forAgents = properties.getAgentResources().isEmpty() ? Set.of(defaultResource)
                : new LinkedHashSet<>(properties.getAgentResources());
        if (!allowed.contains(defaultResource)) {
            throw new IllegalStateException("agentshop.auth.default-resource " + defaultResource
                    + " is not among agentshop.auth.resources " + allowed);
        }
        if (!allowed.containsAll(forAgents) || !forAgents.contains(defaultResource)) {
            throw new IllegalStateException("agentshop.auth.agent-resources " + forAgents + " must be among"
                    + " agentshop.auth.resources " + allowed + " and hold agentshop.auth.default-resource "
                    + defaultResource);
        }
    }

    public Set<String> allowed() {
        return allowed;
    }

    /** The resources a token of this client may be issued for. */
    public Set<String> allowedFor(String clientId) {
        return properties.isFirstParty(clientId) ? allowed : forAgents;
    }

    /** The audience of an access token about to be issued; throws {@code invalid_target} for a resource not allowed. */
    public List<String> audience(OAuth2TokenContext context) {
        Authentication grant = context.getAuthorizationGrant();
        List<String> requested = new ArrayList<>();
        if (grant instanceof OAuth2TokenExchangeAuthenticationToken exchange) {
            requested.addAll(exchange.getResources());
            requested.addAll(exchange.getAudiences());
        } else if (grant instanceof OAuth2AuthorizationGrantAuthenticationToken token) {
            requested.addAll(values(token.getAdditionalParameters().get(RESOURCE)));
        }
        Set<String> allowedHere = allowedFor(context.getRegisteredClient().getClientId());
        for (String resource : requested) {
            if (!allowedHere.contains(resource)) {
                throw new OAuth2AuthenticationException(refused(resource));
            }
        }

        // Code and refresh grants inherit the resources the user authorized; a token request may only narrow them.
        List<String> authorized = authorizedAtAuthorizationEndpoint(context);
        if (!authorized.isEmpty()) {
            for (String resource : requested) {
                if (!authorized.contains(resource)) {
                    throw new OAuth2AuthenticationException(new OAuth2Error(INVALID_TARGET,
                            "The resource " + resource + " was not part of the authorization request", ERROR_URI));
                }
            }
            return requested.isEmpty() ? authorized : List.copyOf(new LinkedHashSet<>(requested));
        }
        return requested.isEmpty() ? List.of(defaultResource) : List.copyOf(new LinkedHashSet<>(requested));
    }

    private static List<String> authorizedAtAuthorizationEndpoint(OAuth2TokenContext context) {
        AuthorizationGrantType grantType = context.getAuthorizationGrantType();
        if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(grantType)
                && !AuthorizationGrantType.REFRESH_TOKEN.equals(grantType)) {
            return List.of();
        }
        OAuth2Authorization authorization = context.getAuthorization();
        if (authorization == null) {
            return List.of();
        }
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        return request == null ? List.of() : values(request.getAdditionalParameters().get(RESOURCE));
    }

    static List<String> values(Object parameter) {
        if (parameter instanceof String s) {
            return List.of(s);
        }
        if (parameter instanceof String[] array) {
            return Arrays.asList(array);
        }
        if (parameter instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    OAuth2Error refused(String resource) {
        return new OAuth2Error(INVALID_TARGET, allowed.contains(resource)
                ? "Agents' tokens are for " + String.join(" ", forAgents) + " only, not " + resource
                : "Unknown resource: " + resource, ERROR_URI);
    }

}
