package dev.syncio.demo.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Issues the login tokens: HS256 JWTs whose {@code sub} is the user id, verified by syncio's
 * {@code JwtVerifier} (sockets) and by the REST API with the same secret.
 */
public final class TokenIssuer {

    /** How long a login token is valid. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

    /**
     * A signed token and its expiry.
     *
     * @param token     the compact JWS (a credential: never log it)
     * @param expiresAt its {@code exp}
     */
    public record IssuedToken(String token, Instant expiresAt) {

        /** Leaves the token out of logs. */
        @Override
        public String toString() {
            return "IssuedToken[expiresAt=" + expiresAt + "]";
        }
    }

    private final SecretKey key;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param secret   the HS256 secret (its UTF-8 bytes, at least 32)
     * @param lifetime how long tokens are valid
     * @param clock    the time tokens are issued at
     */
    public TokenIssuer(String secret, Duration lifetime, Clock clock) {
        this.key = Keys.hmacShaKeyFor(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A token for {@code userId}, valid for the configured lifetime from now. */
    public IssuedToken issue(String userId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // JWT times are whole seconds
        Instant expiresAt = now.plus(lifetime);
        String token = Jwts.builder()
                .id(UUID.randomUUID().toString())
                .subject(userId)
                .issuedAt(Date.from(now))
                .expiration(Date.from(expiresAt))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
        return new IssuedToken(token, expiresAt);
    }
}
