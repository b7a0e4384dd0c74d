package dev.syncio.it.bench.load;

import dev.syncio.it.bench.server.BenchEvents;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.crypto.SecretKey;

/** Mints the HS256 tokens the bench servers accept: {@code sub} = the user, {@code iss} = {@link BenchEvents#ISSUER}. */
public final class BenchTokens {

    /** Long enough for the longest scenario, so no session expires mid-run. */
    private static final Duration LIFETIME = Duration.ofHours(2);

    private final SecretKey key;

    public BenchTokens(String secret) {
        this.key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** A token for {@code userId}, valid for two hours. */
    public String mint(String userId) {
        Instant now = Instant.now();
        return Jwts.builder()
                .subject(userId)
                .issuer(BenchEvents.ISSUER)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(LIFETIME)))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }
}
