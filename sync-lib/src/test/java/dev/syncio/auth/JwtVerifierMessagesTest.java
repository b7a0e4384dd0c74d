package dev.syncio.auth;

import static dev.syncio.auth.TestKeys.CLOCK;
import static dev.syncio.auth.TestKeys.NOW;
import static dev.syncio.auth.TestKeys.OTHER_SECRET;
import static dev.syncio.auth.TestKeys.SECRET;
import static dev.syncio.auth.TestKeys.base64Url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsonwebtoken.Jwts;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtVerifierMessagesTest {

    private final JwtVerifier verifier = JwtVerifier.builder()
            .hmacSecret(SECRET).issuer("https://auth.example.com").clock(CLOCK).build();

    private static String token(String sub, Date exp, String issuer, String secret) {
        return Jwts.builder().subject(sub).issuer(issuer).expiration(exp)
                .signWith(TestKeys.hmac(secret), Jwts.SIG.HS256).compact();
    }

    @Test
    void refusalMessagesContainNeitherTheTokenNorTheSecret() {
        Date future = Date.from(NOW.plusSeconds(600));
        String valid = token("alice", future, "https://auth.example.com", SECRET);
        String[] parts = valid.split("\\.");
        List<String> refusedTokens = List.of(
                token("alice", Date.from(NOW.minusSeconds(3600)), "https://auth.example.com", SECRET), // expired
                token("alice", future, "https://evil.example.com", SECRET),                          // wrong iss
                token("alice", future, "https://auth.example.com", OTHER_SECRET),                    // bad signature
                parts[0] + "." + base64Url("{\"sub\":\"mallory\"}") + "." + parts[2],                // tampered
                base64Url("{\"alg\":\"none\"}") + "." + parts[1] + ".",                              // alg none
                valid.substring(0, valid.length() - 3));                                           // truncated

        for (String token : refusedTokens) {
            TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
            String message = e.getMessage();
            assertFalse(message.contains(token), message);
            for (String part : token.split("\\.")) {
                assertFalse(part.length() > 8 && message.contains(part), message);
            }
            assertFalse(message.contains(SECRET), message);
            assertFalse(message.contains(OTHER_SECRET), message);
            assertNull(e.getCause(), "jjwt causes may quote token content");
            assertFalse(e.toString().contains(SECRET));
        }
    }

    @Test
    void quotesTokenValuesWithoutControlCharacters() {
        String hostileSub = "alice\nINFO forged log line\u2028\u0000" + "x".repeat(200);
        String token = token(hostileSub, Date.from(NOW.minusSeconds(3600)), "https://auth.example.com", SECRET);

        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));

        assertEquals(RefusalCode.TOKEN_EXPIRED, e.code());
        assertTrue(e.getMessage().contains("sub \"alice?INFO forged log line??xxx"), e.getMessage());
        assertTrue(e.getMessage().length() < 220, e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
    }
}
