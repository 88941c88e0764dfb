package io.agentshop.infra.authserver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import com.nimbusds.jose.jwk.JWK;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
  * The claims of our access tokens beyond Spring Authorization Server's: {@code aud} from the resource indicator,
  * {@code client_id}, {@code scope} as a space-separated string (RFC 9068), the user's roles and profile.
  * Because we supply the token generator (see {@link RefreshTokens}), Spring Authorization Server's built-in
  * customizer does not run: the token exchange {@code act} chain and the DPoP {@code cnf} binding are written here.
  */
@Component
public class AccessTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final ResourceIndicators resourceIndicators;
    private final UserDirectory users;
    private final AuthServerProperties properties;

    public AccessTokenClaims(ResourceIndicators resourceIndicators, UserDirectory users,
            AuthServerProperties properties) {
        this.resourceIndicators = resourceIndicators;
        this.users = users;
        this.properties = properties;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            identityClaims(context);
            return;
        }
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        JwtClaimsSet.Builder claims = context.getClaims();
        claims.audience(resourceIndicators.audience(context));
        claims.claim("client_id", context.getRegisteredClient().getClientId());
        claims.claims(c -> c.putIfAbsent("jti", UUID.randomUUID().toString()));
        if (!context.getAuthorizedScopes().isEmpty()) {
            claims.claim("scope", String.join(" ", context.getAuthorizedScopes()));
        }

        Authentication principal = context.getPrincipal();
        if (context.getAuthorizationGrant() instanceof OAuth2TokenExchangeAuthenticationToken exchange) {
            claims.claim("act", actorChain(context, exchange));
        }
        Jwt dPoPProof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
        if (dPoPProof != null) {
            claims.claim("cnf", Map.of("jkt", thumbprint(dPoPProof)));
        }
        if (principal instanceof OAuth2ClientAuthenticationToken) {
            return; // a machine acting for itself: sub is its client id, no person behind it
        }
        users.find(principal.getName()).ifPresent(user -> {
            claims.claim(properties.getRolesClaim(), user.roles());
            Map<String, Object> profile = new LinkedHashMap<>();
            profile.put("name", user.name());
            profile.put("email", user.email());
            claims.claim(properties.getProfileClaim(), profile);
        });
    }

    /**
      * The ID token of Agent Shop's own consoles says who signed in and with which roles, so the console shows each
      * person their pages; an agent's ID token (if it asked for one) says nothing of the user's roles.
      */
    private void identityClaims(JwtEncodingContext context) {
        if (!properties.isFirstParty(context.getRegisteredClient().getClientId())) {
            return;
        }
        users.find(context.getPrincipal().getName()).ifPresent(user -> {
            context.getClaims().claim(properties.getRolesClaim(), user.roles());
            context.getClaims().claim("name", user.name());
        });
    }

    /**
      * RFC 8693 section 4.1: the current actor, the client that exchanges, in {@code act}; the actors before it nested
      * inside: the subject token's own chain, or when it has none the client it was issued to. So every agent that
      * held the user's authority on the way is named, and the shop checks each one's delegation on every call.
      */
    private static Map<String, Object> actorChain(JwtEncodingContext context, OAuth2TokenExchangeAuthenticationToken exchange) {
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("sub", context.getRegisteredClient().getClientId());
        OAuth2Authorization.Token<OAuth2Token> subject = context.getAuthorization() == null ? null
                : context.getAuthorization().getToken(exchange.getSubjectToken());
        Map<String, Object> prior = subject == null || subject.getClaims() == null ? null
                : TokenExchangeRules.priorActors(subject.getClaims());
        if (prior != null) {
            act.put("act", prior);
        }
        return act;
    }

    @SuppressWarnings("unchecked")
    private static String thumbprint(Jwt dPoPProof) {
        try {
            return JWK.parse((Map<String, Object>) dPoPProof.getHeaders().get("jwk")).computeThumbprint().toString();
        } catch (Exception e) {
            throw new OAuth2AuthenticationException(new OAuth2Error("invalid_dpop_proof", "jwk header is missing or invalid",
                    null));
        }
    }
}
