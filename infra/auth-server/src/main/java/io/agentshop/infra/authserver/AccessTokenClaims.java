package io.agentshop.infra.authserver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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
 * Runs after SAS's own customizer, which has already written {@code act} for token exchange.
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
}
