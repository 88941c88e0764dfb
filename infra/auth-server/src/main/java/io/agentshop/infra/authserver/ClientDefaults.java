package io.agentshop.infra.authserver;

import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/** Settings every client gets, pre-registered or registered dynamically. */
@Component
public class ClientDefaults {

    private final AuthServerProperties properties;

    public ClientDefaults(AuthServerProperties properties) {
        this.properties = properties;
    }

    /** PKCE (S256, the only method Spring Authorization Server accepts) for every client, public or not. */
    public ClientSettings clientSettings() {
        return ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build();
    }

    /** JWT access tokens; refresh tokens rotated on every use (OAuth 2.1's condition for public clients). */
    public TokenSettings tokenSettings() {
        return TokenSettings.builder()
                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                .accessTokenTimeToLive(properties.getAccessTokenTtl())
                .refreshTokenTimeToLive(properties.getRefreshTokenTtl())
                .reuseRefreshTokens(false)
                .build();
    }
}
