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
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
  * RFC 8707 resource indicators: which audience a token gets. Spring Authorization Server puts the client id in
  * {@code aud}; the edge wants its own resource URI there, and only resources of the allow-list may be named.
  */
@Component
public class ResourceIndicators {

    static final String RESOURCE = "resource";
    static final String INVALID_TARGET = "invalid_target";
    private static final String ERROR_URI = "https://www.rfc-editor.org/rfc/rfc8707#section-2";

    private final Set<String> allowed;
    private final String defaultResource;

    public ResourceIndicators(AuthServerProperties properties) {
        this.allowed = new LinkedHashSet<>(properties.getResources());
        this.defaultResource = properties.getDefaultResource();
        if (!allowed.contains(defaultResource)) {
            throw new IllegalStateException("agentshop.auth.default-resource " + defaultResource
                    + " is not among agentshop.auth.resources " + allowed);
        }
    }

    public Set<String> allowed() {
        return allowed;
    }

    /**
      * Validator for the authorization endpoint, run after Spring Authorization Server's own (so a bad redirect URI
      * is still refused without a redirect): an unknown resource goes back to the client as {@code invalid_target}.
      */
    public void validateAuthorizationRequest(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        for (String resource : values(request.getAdditionalParameters().get(RESOURCE))) {
            if (!allowed.contains(resource)) {
                String redirectUri = request.getRedirectUri() != null
                        ? request.getRedirectUri() : context.getRegisteredClient().getRedirectUris().iterator().next();
                OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
                        request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
                        redirectUri, request.getState(), request.getScopes(), request.getAdditionalParameters());
                throw new OAuth2AuthorizationCodeRequestAuthenticationException(unknown(resource), result);
            }
        }
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
        for (String resource : requested) {
            if (!allowed.contains(resource)) {
                throw new OAuth2AuthenticationException(unknown(resource));
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

    private static OAuth2Error unknown(String resource) {
        return new OAuth2Error(INVALID_TARGET, "Unknown resource: " + resource, ERROR_URI);
    }

}
