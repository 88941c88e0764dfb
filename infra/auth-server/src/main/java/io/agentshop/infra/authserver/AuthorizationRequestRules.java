package io.agentshop.infra.authserver;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;

/**
  * What the authorization (and pushed authorization) endpoint accepts, in place of Spring Authorization Server's
  * default validator: its redirect URI check first (a bad redirect URI is refused without a redirect), then the scopes
  * the client may ask for, then the resources its token may name; a refusal of either goes back to the client.
  * <p>
  * The scope ceiling: a pre-registered client asks within the scopes it was registered with. A dynamically
  * registered client (every MCP client that came through open registration) may ask for any of the agent scopes,
  * whatever its registration said, because the user's consent is what limits it: an MCP client registers with the
  * scopes of its first challenge and must be able to step up later (403 {@code insufficient_scope}) without
  * registering again.
  */
@Component
class AuthorizationRequestRules implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    private static final String SCOPE_ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1";

    private final ResourceIndicators resources;
    private final ClientRegistrations registrations;
    private final Set<String> agentScopes;

    AuthorizationRequestRules(ResourceIndicators resources, ClientRegistrations registrations,
            AuthServerProperties properties) {
        this.resources = resources;
        this.registrations = registrations;
        this.agentScopes = Set.copyOf(properties.getAgentScopes());
    }

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR.accept(context);
        RegisteredClient client = context.getRegisteredClient();
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();

        Set<String> ceiling = scopeCeiling(client);
        Set<String> beyond = new LinkedHashSet<>(request.getScopes());
        beyond.removeAll(ceiling);
        if (!beyond.isEmpty()) {
            refuse(context, new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE, "This client may not ask for "
                    + String.join(" ", beyond), SCOPE_ERROR_URI));
        }

        Set<String> allowed = resources.allowedFor(client.getClientId());
        for (String resource : ResourceIndicators.values(request.getAdditionalParameters().get(ResourceIndicators.RESOURCE))) {
            if (!allowed.contains(resource)) {
                refuse(context, resources.refused(resource));
            }
        }
    }

    /** The scopes this client may ask for at the authorization endpoint. */
    Set<String> scopeCeiling(RegisteredClient client) {
        return registrations.isDynamicallyRegistered(client.getClientId()) ? agentScopes : client.getScopes();
    }

    /** Back to the client's redirect URI with the error (the redirect URI was validated first). */
    private static void refuse(OAuth2AuthorizationCodeRequestAuthenticationContext context, OAuth2Error error) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        String redirectUri = request.getRedirectUri() != null
                ? request.getRedirectUri() : context.getRegisteredClient().getRedirectUris().iterator().next();
        OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
                request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
                redirectUri, request.getState(), request.getScopes(), request.getAdditionalParameters());
        throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, result);
    }
}
