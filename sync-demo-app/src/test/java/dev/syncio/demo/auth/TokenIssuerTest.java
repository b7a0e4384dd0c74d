package dev.syncio.demo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.Principal;
import dev.syncio.auth.JwtVerifier;
import dev.syncio.auth.RefusalCode;
import dev.syncio.auth.TokenRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {

    private static final String SECRET = "unit-test-secret-of-at-least-32-bytes!";

    @Test
    void issuedTokensVerifyWithSyncioAndCarryTheUserId() throws Exception {
        TokenIssuer issuer = new TokenIssuer(SECRET, Duration.ofHours(1), Clock.systemUTC());
        TokenIssuer.IssuedToken issued = issuer.issue("alice");

        Principal principal = JwtVerifier.builder().hmacSecret(SECRET).build().verify(issued.token());
        assertEquals("alice", principal.userId());
        assertEquals(issued.expiresAt(), principal.expiresAt());
        Duration left = Duration.between(Instant.now(), issued.expiresAt());
        assertTrue(left.compareTo(Duration.ofMinutes(59)) > 0 && left.compareTo(Duration.ofMinutes(61)) < 0, left::toString);
    }

    @Test
    void tokensOfAnotherSecretAreRefused() {
        String token = new TokenIssuer("another-secret-that-is-32-bytes-long", Duration.ofHours(1), Clock.systemUTC())
                .issue("alice").token();
        TokenRejectedException refused = assertThrows(TokenRejectedException.class,
                () -> JwtVerifier.builder().hmacSecret(SECRET).build().verify(token));
        assertEquals(RefusalCode.TOKEN_INVALID, refused.code());
    }

    @Test
    void theTokenStaysOutOfToString() {
        TokenIssuer.IssuedToken issued = new TokenIssuer(SECRET, Duration.ofHours(1), Clock.systemUTC()).issue("bob");
        assertFalse(issued.toString().contains(issued.token()));
    }
}
