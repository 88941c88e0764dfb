package io.agentshop.resourceserver;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configured decoder checks a token once per lifetime; refused or never-expiring tokens every time. */
class VerifiedTokensTest {

    private final Time time = new Time();
    private final AtomicInteger checks = new AtomicInteger();

    @Test
    void anAcceptedTokenIsCheckedAgainOnlyOnceItHasExpired() {
        Instant expiresAt = time.now().plus(Duration.ofMinutes(5));
        VerifiedTokens tokens = new VerifiedTokens(decoderAccepting(expiresAt), time.clock(), time);

        Jwt first = tokens.decode("token-a");
        Jwt second = tokens.decode("token-a");
        time.advance(Duration.ofMinutes(5).minusSeconds(1));
        tokens.decode("token-a");

        assertThat(second).isSameAs(first);
        assertThat(checks).hasValue(1);
        time.advance(Duration.ofSeconds(1));
        tokens.decode("token-a");
        assertThat(checks).as("at its exp the decoder decides again").hasValue(2);
    }

    @Test
    void eachTokenIsRememberedOnItsOwn() {
        VerifiedTokens tokens = new VerifiedTokens(decoderAccepting(time.now().plus(Duration.ofMinutes(5))),
                time.clock(), time);

        tokens.decode("token-a");
        tokens.decode("token-b");

        assertThat(checks).hasValue(2);
    }

    @Test
    void aRefusedTokenIsCheckedEveryTime() {
        JwtDecoder refusing = token -> {
            checks.incrementAndGet();
            throw new BadJwtException("signature does not verify");
        };
        VerifiedTokens tokens = new VerifiedTokens(refusing, time.clock(), time);

        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(checks).hasValue(2);
    }

    @Test
    void aTokenWithoutExpiryIsCheckedEveryTime() {
        VerifiedTokens tokens = new VerifiedTokens(decoderAccepting(null), time.clock(), time);

        tokens.decode("token-a");
        tokens.decode("token-a");

        assertThat(checks).hasValue(2);
    }

    private JwtDecoder decoderAccepting(Instant expiresAt) {
        return token -> {
            checks.incrementAndGet();
            Jwt.Builder jwt = Jwt.withTokenValue(token).header("alg", "RS256").subject("user-1")
                    .issuedAt(time.now().minusSeconds(1));
            return (expiresAt == null ? jwt : jwt.expiresAt(expiresAt)).build();
        };
    }

    /** One time for the cache's ticker and the wall clock, moved by the test. */
    private static final class Time implements Ticker {

        private final Instant start = Instant.parse("2026-11-29T10:00:00Z");
        private long elapsedNanos;

        Instant now() {
            return start.plusNanos(elapsedNanos);
        }

        Clock clock() {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Instant instant() {
                    return now();
                }
            };
        }

        void advance(Duration duration) {
            elapsedNanos += duration.toNanos();
        }

        @Override
        public long read() {
            return elapsedNanos;
        }
    }
}
