package io.agentshop.infra.authserver;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;

/**
  * RFC 8693 token exchange with the rules Spring Authorization Server leaves to us, checked before its own provider
  * issues anything: the exchange never widens and never crosses users.
  * <ul>
  *   <li>The subject token names a user: a client's own client-credentials token is refused (its subject is a client,
  *       and a token for it would act for an "account" named after that client).</li>
  *   <li>The subject token was issued for audiences the exchanging client may itself be given (for an agent, the MCP
  *       endpoint): a token for the query side or the controls is not an agent's to pass on.</li>
  *   <li>An actor token, if given, is the exchanging client's own, so {@code act} names the exchanging client.</li>
  *   <li>Scopes: those asked for must all be on the subject token (the server's own check adds "and the client's");
  *       none asked for means what both have in common, never more.</li>
  * </ul>
  * Whatever passes, the Account decides again on every call: the delegation of every agent in the chain must stand.
  */
final class TokenExchangeRules implements AuthenticationProvider {

    private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8693#section-2.2.2";

    private final AuthenticationProvider issuer;
    private final OAuth2AuthorizationService authorizations;
    private final ResourceIndicators resources;

    TokenExchangeRules(AuthenticationProvider issuer, OAuth2AuthorizationService authorizations,
            ResourceIndicators resources) {
        this.issuer = issuer;
        this.authorizations = authorizations;
        this.resources = resources;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2TokenExchangeAuthenticationToken exchange = (OAuth2TokenExchangeAuthenticationToken) authentication;
        RegisteredClient client = exchange.getPrincipal() instanceof OAuth2ClientAuthenticationToken principal
                && principal.isAuthenticated() ? principal.getRegisteredClient() : null;
        OAuth2Authorization subject = authorizations.findByToken(exchange.getSubjectToken(), OAuth2TokenType.ACCESS_TOKEN);
        if (client == null || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.TOKEN_EXCHANGE)
                || subject == null || subject.getToken(exchange.getSubjectToken()) == null) {
            return issuer.authenticate(exchange); // the server refuses these itself, with its own error codes
        }
        if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(subject.getAuthorizationGrantType())) {
            throw refused(OAuth2ErrorCodes.INVALID_GRANT, "The subject token is a client's own and names no user");
        }
        Map<String, Object> subjectClaims = subject.getToken(exchange.getSubjectToken()).getClaims();
        Set<String> audiences = strings(subjectClaims == null ? null : subjectClaims.get("aud"));
        Set<String> mayActFor = resources.allowedFor(client.getClientId());
        if (audiences.isEmpty() || !mayActFor.containsAll(audiences)) {
            throw refused(OAuth2ErrorCodes.INVALID_GRANT, "The subject token was issued for " + audiences + "; "
                    + client.getClientId() + " may act only for " + mayActFor);
        }
        requireOwnActorToken(exchange, client);

        Set<String> subjectScopes = subject.getAuthorizedScopes();
        if (!exchange.getScopes().isEmpty()) {
            Set<String> beyond = new LinkedHashSet<>(exchange.getScopes());
            beyond.removeAll(subjectScopes);
            if (!beyond.isEmpty()) {
                throw refused(OAuth2ErrorCodes.INVALID_SCOPE, "The subject token does not carry "
                        + String.join(" ", beyond) + ": an exchange never widens");
            }
            return issuer.authenticate(exchange);
        }
        Set<String> common = new LinkedHashSet<>(subjectScopes);
        common.retainAll(client.getScopes());
        if (common.isEmpty()) {
            throw refused(OAuth2ErrorCodes.INVALID_SCOPE, "The subject token and " + client.getClientId()
                    + " have no scope in common");
        }
        return issuer.authenticate(new OAuth2TokenExchangeAuthenticationToken(exchange.getRequestedTokenType(),
                exchange.getSubjectToken(), exchange.getSubjectTokenType(), (Authentication) exchange.getPrincipal(),
                exchange.getActorToken(), exchange.getActorTokenType(), exchange.getResources(), exchange.getAudiences(),
                common, exchange.getAdditionalParameters()));
    }

    private void requireOwnActorToken(OAuth2TokenExchangeAuthenticationToken exchange, RegisteredClient client) {
        if (!StringUtils.hasText(exchange.getActorToken())) {
            return;
        }
        OAuth2Authorization actor = authorizations.findByToken(exchange.getActorToken(), OAuth2TokenType.ACCESS_TOKEN);
        OAuth2Authorization.Token<OAuth2Token> actorToken = actor == null ? null : actor.getToken(exchange.getActorToken());
        Object actorSubject = actorToken == null || actorToken.getClaims() == null ? null : actorToken.getClaims().get("sub");
        if (actorSubject != null && !client.getClientId().equals(actorSubject)) {
            throw refused(OAuth2ErrorCodes.INVALID_GRANT, "The actor token must be " + client.getClientId()
                    + "'s own: the new token's act names the client that exchanges");
        }
    }

    /** The first actor of a new token's chain, and the actors before it (RFC 8693 section 4.1), from the subject token. */
    static Map<String, Object> priorActors(Map<String, Object> subjectClaims) {
        if (subjectClaims.get("act") instanceof Map<?, ?> act) {
            @SuppressWarnings("unchecked")
            Map<String, Object> chain = (Map<String, Object>) act;
            return chain;
        }
        Object client = subjectClaims.get("client_id");
        return client == null ? null : Map.of("sub", client);
    }

    private static Set<String> strings(Object value) {
        if (value instanceof String one) {
            return Set.of(one);
        }
        if (value instanceof Collection<?> many) {
            return new LinkedHashSet<>(many.stream().map(String::valueOf).toList());
        }
        return Set.of();
    }

    private static OAuth2AuthenticationException refused(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, ERROR_URI));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2TokenExchangeAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** Puts these rules in front of the server's own exchange provider among the token endpoint's providers. */
    static void wrap(List<AuthenticationProvider> providers, OAuth2AuthorizationService authorizations,
            ResourceIndicators resources) {
        providers.replaceAll(provider -> provider.supports(OAuth2TokenExchangeAuthenticationToken.class)
                && !(provider instanceof TokenExchangeRules)
                ? new TokenExchangeRules(provider, authorizations, resources) : provider);
    }
}
