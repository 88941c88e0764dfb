package io.agentshop.resourceserver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers the tokens the configured decoder has accepted, until they expire, so a client sending the same bearer
 * token with every request pays for its signature check once (verifying the signature and parsing the claims was about
 * a tenth of the edge's CPU per call, and a sixth of the query side's, which the edge reads with one token for
 * minutes). Only accepted tokens are remembered, keyed by the whole token, and only until their {@code exp}: after
 * that the decoder decides again, with its own clock skew. A token without {@code exp} is checked every time. Like the
 * decoder's cached key set, a remembered token outlives the removal of its signing key from the issuer's key set, until
 * it expires.
 */
public final class VerifiedTokens implements JwtDecoder {

    static final int MAX_TOKENS = 10_000;

    private final JwtDecoder decoder;
    private final Clock clock;
    private final Cache<String, Jwt> accepted;

    /**
     * Puts every {@link JwtDecoder} of the context (Spring Boot's, from
     * {@code spring.security.oauth2.resourceserver.jwt.*}) behind one of these. Declare it as a {@code static} bean.
     */
    public static BeanPostProcessor rememberingDecoders() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof VerifiedTokens)
                        ? new VerifiedTokens(decoder) : bean;
            }
        };
    }

    public VerifiedTokens(JwtDecoder decoder) {
        this(decoder, Clock.systemUTC(), Ticker.systemTicker());
    }

    VerifiedTokens(JwtDecoder decoder, Clock clock, Ticker ticker) {
        this.decoder = decoder;
        this.clock = clock;
        this.accepted = Caffeine.newBuilder()
                .maximumSize(MAX_TOKENS)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> untilExpiry(jwt)))
                .ticker(ticker)
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt remembered = accepted.getIfPresent(token);
        if (remembered != null) {
            return remembered;
        }
        Jwt jwt = decoder.decode(token);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isAfter(clock.instant())) {
            accepted.put(token, jwt);
        }
        return jwt;
    }

    private Duration untilExpiry(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        Duration left = Duration.between(clock.instant(), expiresAt);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
