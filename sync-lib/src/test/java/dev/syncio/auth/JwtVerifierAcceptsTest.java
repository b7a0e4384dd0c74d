package dev.syncio.auth;

import static dev.syncio.auth.TestKeys.CLOCK;
import static dev.syncio.auth.TestKeys.NOW;
import static dev.syncio.auth.TestKeys.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.syncio.Principal;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.MacAlgorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtVerifierAcceptsTest {

    private static final Instant EXP = NOW.plusSeconds(600);

    private static JwtBuilder aliceToken() {
        return Jwts.builder()
                .subject("alice")
                .id("jti-1")
                .claim("tenant", "acme")
                .claim("roles", List.of("admin", "dev"))
                .issuedAt(Date.from(NOW.minusSeconds(60)))
                .expiration(Date.from(EXP));
    }

    private static JwtVerifier.Builder hmacVerifier() {
        return JwtVerifier.builder().hmacSecret(SECRET).clock(CLOCK);
    }

    private static void assertAlice(Principal principal) {
        assertEquals("alice", principal.userId());
        assertEquals(Map.of("tenant", "acme", "roles", List.of("admin", "dev")), principal.claims());
        assertEquals(EXP, principal.expiresAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void acceptsHmacTokensOfEveryHsAlgorithm(String alg) throws Exception {
        MacAlgorithm algorithm = (MacAlgorithm) Jwts.SIG.get().forKey(alg);
        String token = aliceToken().signWith(TestKeys.hmac(SECRET), algorithm).compact();

        assertAlice(hmacVerifier().build().verify(token));
    }

    @Test
    void acceptsHs256TokenWithSecretGivenAsBytes() throws Exception {
        String token = aliceToken().signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();
        JwtVerifier verifier = JwtVerifier.builder()
                .hmacSecret(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)).clock(CLOCK).build();

        assertAlice(verifier.verify(token));
    }

    @Test
    void acceptsRs256TokenWithTheRsaPublicKey() throws Exception {
        String token = aliceToken().signWith(TestKeys.RSA.getPrivate(), Jwts.SIG.RS256).compact();
        JwtVerifier verifier = JwtVerifier.builder().publicKey(TestKeys.RSA.getPublic()).clock(CLOCK).build();

        assertAlice(verifier.verify(token));
    }

    @Test
    void acceptsRs512TokenWithTheRsaPublicKey() throws Exception {
        String token = aliceToken().signWith(TestKeys.RSA.getPrivate(), Jwts.SIG.RS512).compact();
        JwtVerifier verifier = JwtVerifier.builder().publicKey(TestKeys.RSA.getPublic()).clock(CLOCK).build();

        assertAlice(verifier.verify(token));
    }

    @Test
    void acceptsEs256TokenWithTheEcPublicKey() throws Exception {
        String token = aliceToken().signWith(TestKeys.EC_P256.getPrivate(), Jwts.SIG.ES256).compact();
        JwtVerifier verifier = JwtVerifier.builder().publicKey(TestKeys.EC_P256.getPublic()).clock(CLOCK).build();

        assertAlice(verifier.verify(token));
    }

    @Test
    void acceptsEs384TokenWithAP384Key() throws Exception {
        String token = aliceToken().signWith(TestKeys.EC_P384.getPrivate(), Jwts.SIG.ES384).compact();
        JwtVerifier verifier = JwtVerifier.builder()
                .publicKeys(TestKeys.EC_P256.getPublic(), TestKeys.EC_P384.getPublic()).clock(CLOCK).build();

        assertAlice(verifier.verify(token));
    }

    @Test
    void acceptsTokenSignedByAnyOfSeveralRotatedKeys() throws Exception {
        JwtVerifier verifier = JwtVerifier.builder()
                .publicKeys(TestKeys.RSA.getPublic(), TestKeys.OTHER_RSA.getPublic(), TestKeys.EC_P256.getPublic())
                .clock(CLOCK).build();

        assertAlice(verifier.verify(aliceToken().signWith(TestKeys.OTHER_RSA.getPrivate(), Jwts.SIG.RS256).compact()));
        assertAlice(verifier.verify(aliceToken().signWith(TestKeys.RSA.getPrivate(), Jwts.SIG.RS256).compact()));
        assertAlice(verifier.verify(aliceToken().signWith(TestKeys.EC_P256.getPrivate(), Jwts.SIG.ES256).compact()));
    }

    @Test
    void acceptsTokenWhoseKidNamesTheKeyThatSignedIt() throws Exception {
        JwtVerifier verifier = JwtVerifier.builder()
                .publicKey("2025", TestKeys.RSA.getPublic())
                .publicKey("2026", TestKeys.OTHER_RSA.getPublic())
                .clock(CLOCK).build();
        String token = aliceToken().header().keyId("2026").and()
                .signWith(TestKeys.OTHER_RSA.getPrivate(), Jwts.SIG.RS256).compact();

        assertAlice(verifier.verify(token));
    }

    @Test
    void acceptsTokenWithUnknownKidWhenAnotherConfiguredKeyVerifiesIt() throws Exception {
        JwtVerifier verifier = JwtVerifier.builder().publicKey("2025", TestKeys.RSA.getPublic()).clock(CLOCK).build();
        String token = aliceToken().header().keyId("not-configured").and()
                .signWith(TestKeys.RSA.getPrivate(), Jwts.SIG.RS256).compact();

        assertAlice(verifier.verify(token));
    }

    @Test
    void acceptsExpiredTokenWithinTheClockSkew() throws Exception {
        String token = aliceToken().expiration(Date.from(NOW.minusSeconds(29)))
                .signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();

        Principal principal = hmacVerifier().build().verify(token);

        assertEquals(NOW.minusSeconds(29), principal.expiresAt());
    }

    @Test
    void acceptsNotYetValidTokenWithinTheClockSkew() throws Exception {
        String token = aliceToken().notBefore(Date.from(NOW.plusSeconds(25)))
                .signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();

        assertEquals("alice", hmacVerifier().build().verify(token).userId());
    }

    @Test
    void acceptsTokenOnLongerConfiguredSkew() throws Exception {
        String token = aliceToken().expiration(Date.from(NOW.minusSeconds(100)))
                .signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();

        JwtVerifier verifier = hmacVerifier().clockSkew(Duration.ofMinutes(2)).build();

        assertEquals("alice", verifier.verify(token).userId());
    }

    @Test
    @SuppressWarnings("deprecation") // single(...) is how jjwt 0.12 writes aud as a plain string
    void acceptsMatchingIssuerAndSingleAudience() throws Exception {
        String token = aliceToken().issuer("https://auth.example.com").audience().single("chat")
                .signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();
        JwtVerifier verifier = hmacVerifier().issuer("https://auth.example.com").audience("chat").build();

        assertAlice(verifier.verify(token));
    }

    @Test
    void acceptsAudienceArrayThatContainsTheRequiredAudience() throws Exception {
        String token = aliceToken().audience().add("billing").add("chat").and()
                .signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();

        assertAlice(hmacVerifier().audience("chat").build().verify(token));
    }

    @Test
    void givesNullExpiryForTokenWithoutExpWhenExpIsNotRequired() throws Exception {
        String token = Jwts.builder().subject("bob").signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();

        // exp is required by default (JwtVerifierRefusesTest); this verifier opts out
        Principal principal = hmacVerifier().requireExpiration(false).build().verify(token);

        assertEquals("bob", principal.userId());
        assertEquals(Map.of(), principal.claims());
        assertNull(principal.expiresAt());
    }

    @Test
    @SuppressWarnings("deprecation") // single(...) is how jjwt 0.12 writes aud as a plain string
    void keepsOnlyCustomClaimsByDefaultAndMakesThemReadOnly() throws Exception {
        String token = aliceToken().issuer("iss").audience().single("aud").notBefore(Date.from(NOW))
                .claim("profile", Map.of("plan", "pro"))
                .signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();

        Principal principal = hmacVerifier().build().verify(token);

        assertEquals(Set.of("tenant", "roles", "profile"), principal.claims().keySet());
        assertThrows(UnsupportedOperationException.class,
                () -> ((List<?>) principal.claim("roles")).clear());
        assertThrows(UnsupportedOperationException.class,
                () -> ((Map<?, ?>) principal.claim("profile")).clear());
    }

    @Test
    void appliesConfiguredClaimsMapperToAllClaims() throws Exception {
        String token = aliceToken().issuer("https://auth.example.com")
                .signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();
        JwtVerifier verifier = hmacVerifier()
                .claimsMapper(claims -> Map.of("tenant", claims.get("tenant"), "issuer", claims.get("iss")))
                .build();

        Principal principal = verifier.verify(token);

        assertEquals(Map.of("tenant", "acme", "issuer", "https://auth.example.com"), principal.claims());
    }

    @Test
    void treatsNullFromClaimsMapperAsNoClaims() throws Exception {
        String token = aliceToken().signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();

        Principal principal = hmacVerifier().claimsMapper(claims -> null).build().verify(token);

        assertEquals(Map.of(), principal.claims());
    }

    @Test
    void keepsTheClockItWasBuiltWithWhenTheBuilderIsReused() throws Exception {
        JwtVerifier.Builder builder = hmacVerifier();
        JwtVerifier verifier = builder.build();
        builder.clock(java.time.Clock.fixed(NOW.plus(Duration.ofDays(1)), java.time.ZoneOffset.UTC));
        String token = aliceToken().signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();

        assertAlice(verifier.verify(token));
    }
}
