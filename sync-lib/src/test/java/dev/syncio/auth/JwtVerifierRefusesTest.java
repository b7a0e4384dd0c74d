package dev.syncio.auth;

import static dev.syncio.auth.TestKeys.CLOCK;
import static dev.syncio.auth.TestKeys.NOW;
import static dev.syncio.auth.TestKeys.OTHER_SECRET;
import static dev.syncio.auth.TestKeys.SECRET;
import static dev.syncio.auth.TestKeys.base64Url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JwtVerifierRefusesTest {

    private final JwtVerifier hmacVerifier = JwtVerifier.builder().hmacSecret(SECRET).clock(CLOCK).build();
    private final JwtVerifier rsaVerifier =
            JwtVerifier.builder().publicKey(TestKeys.RSA.getPublic()).clock(CLOCK).build();

    private static JwtBuilder aliceToken() {
        return Jwts.builder().subject("alice").id("jti-1").expiration(Date.from(NOW.plusSeconds(600)));
    }

    private static String hs256(JwtBuilder builder) {
        return builder.signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();
    }

    static TokenRejectedException refused(TokenVerifier verifier, String token, RefusalCode code) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    /** Signs header.payload with HMAC-SHA256 by hand, for payloads jjwt's builder would not produce. */
    private static String handSignedHs256(String headerJson, String payloadJson) throws Exception {
        String signingInput = base64Url(headerJson) + "." + base64Url(payloadJson);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void refusesMissingOrBlankTokenAsMissing(String token) {
        refused(hmacVerifier, token, RefusalCode.TOKEN_MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-jwt", "a.b.c", "...", "a.b", "eyJhbGciOiJIUzI1NiJ9.%%%.abc",
            "eyJhbGciOiJIUzI1NiJ9.e30.a.b.c", "Bearer x.y.z"})
    void refusesMalformedStringAsInvalid(String token) {
        refused(hmacVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesHeaderThatIsNotJsonAsInvalid() {
        String token = base64Url("not json") + "." + base64Url("{\"sub\":\"alice\"}") + ".c2ln";

        refused(hmacVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesTamperedPayload() {
        String[] parts = hs256(aliceToken()).split("\\.");
        String forged = parts[0] + "." + base64Url("{\"sub\":\"mallory\",\"exp\":4102444800}") + "." + parts[2];

        TokenRejectedException e = refused(hmacVerifier, forged, RefusalCode.TOKEN_INVALID);
        assertTrue(e.getMessage().contains("signature does not verify"), e.getMessage());
    }

    @Test
    void refusesTokenSignedWithAnotherSecret() {
        String token = aliceToken().signWith(TestKeys.hmac(OTHER_SECRET), Jwts.SIG.HS256).compact();

        TokenRejectedException e = refused(hmacVerifier, token, RefusalCode.TOKEN_INVALID);
        assertTrue(e.getMessage().contains("HMAC secret of 64 bytes"), e.getMessage());
    }

    @Test
    void refusesTokenWithTruncatedSignature() {
        String token = hs256(aliceToken());

        refused(hmacVerifier, token.substring(0, token.length() - 4), RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesTokenSignedWithAnotherRsaKey() {
        String token = aliceToken().signWith(TestKeys.OTHER_RSA.getPrivate(), Jwts.SIG.RS256).compact();

        refused(rsaVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesTokenSignedWithAnotherEcKey() {
        JwtVerifier ecVerifier = JwtVerifier.builder().publicKey(TestKeys.EC_P256.getPublic()).clock(CLOCK).build();
        String token = aliceToken().signWith(TestKeys.OTHER_EC_P256.getPrivate(), Jwts.SIG.ES256).compact();

        refused(ecVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesTokenSignedWithAlgNone() {
        String token = base64Url("{\"alg\":\"none\"}") + "."
                + base64Url("{\"sub\":\"alice\",\"exp\":4102444800}") + ".";

        TokenRejectedException e = refused(hmacVerifier, token, RefusalCode.TOKEN_INVALID);
        assertTrue(e.getMessage().contains("alg \"none\""), e.getMessage());
        refused(rsaVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesAlgNoneTokenEvenWithASignaturePart() {
        String token = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + base64Url("{\"sub\":\"alice\"}") + ".c2lnbmF0dXJl";

        refused(hmacVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesHs256TokenMadeWithTheRsaPublicKeyAsSecret() {
        byte[] publicKeyBytes = TestKeys.RSA.getPublic().getEncoded();
        String token = aliceToken().signWith(Keys.hmacShaKeyFor(publicKeyBytes), Jwts.SIG.HS256).compact();

        TokenRejectedException e = refused(rsaVerifier, token, RefusalCode.TOKEN_INVALID);
        assertTrue(e.getMessage().contains("\"HS256\" is not allowed"), e.getMessage());
    }

    @Test
    void refusesRsaTokenWhenConfiguredForHmac() {
        String token = aliceToken().signWith(TestKeys.RSA.getPrivate(), Jwts.SIG.RS256).compact();

        refused(hmacVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesPs256TokenBecauseOnlyRsAlgorithmsAreConfigured() {
        String token = aliceToken().signWith(TestKeys.RSA.getPrivate(), Jwts.SIG.PS256).compact();

        TokenRejectedException e = refused(rsaVerifier, token, RefusalCode.TOKEN_INVALID);
        assertTrue(e.getMessage().contains("allowed: RS256, RS384, RS512"), e.getMessage());
    }

    @Test
    void refusesEs384TokenWhenOnlyAP256KeyIsConfigured() {
        JwtVerifier ecVerifier = JwtVerifier.builder().publicKey(TestKeys.EC_P256.getPublic()).clock(CLOCK).build();
        String token = aliceToken().signWith(TestKeys.EC_P384.getPrivate(), Jwts.SIG.ES384).compact();

        TokenRejectedException e = refused(ecVerifier, token, RefusalCode.TOKEN_INVALID);
        assertTrue(e.getMessage().contains("verifies only ES256"), e.getMessage());
    }

    @Test
    void refusesHs512TokenWhenTheSecretIsTooShortForIt() {
        String secret32 = SECRET.substring(0, 32);
        JwtVerifier verifier = JwtVerifier.builder().hmacSecret(secret32).clock(CLOCK).build();
        String token = aliceToken().signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS512).compact();

        TokenRejectedException e = refused(verifier, token, RefusalCode.TOKEN_INVALID);
        assertTrue(e.getMessage().contains("too short for HS512"), e.getMessage());
    }

    @Test
    void refusesUnknownAlgorithm() throws Exception {
        String token = handSignedHs256("{\"alg\":\"HS999\"}", "{\"sub\":\"alice\"}");

        refused(hmacVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesTokenWhoseKidNamesAnotherKey() {
        JwtVerifier verifier = JwtVerifier.builder()
                .publicKey("2025", TestKeys.RSA.getPublic())
                .publicKey("2026", TestKeys.OTHER_RSA.getPublic())
                .clock(CLOCK).build();
        String token = aliceToken().header().keyId("2025").and()
                .signWith(TestKeys.OTHER_RSA.getPrivate(), Jwts.SIG.RS256).compact();

        refused(verifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesEncryptedToken() {
        javax.crypto.SecretKey key = Jwts.ENC.A256GCM.key().build();
        String token = aliceToken().encryptWith(key, Jwts.ENC.A256GCM).compact();

        refused(hmacVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesSignedTokenWhosePayloadIsNotClaims() {
        String token = Jwts.builder().content("just text", "text/plain")
                .signWith(TestKeys.hmac(SECRET), Jwts.SIG.HS256).compact();

        refused(hmacVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesTokenWhoseSubIsNotAString() throws Exception {
        String token = handSignedHs256("{\"alg\":\"HS256\"}", "{\"sub\":123}");

        // jjwt refuses a claims set whose sub is not a string as malformed
        refused(hmacVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesExpiredToken() {
        String token = hs256(aliceToken().expiration(Date.from(NOW.minusSeconds(31))));

        TokenRejectedException e = refused(hmacVerifier, token, RefusalCode.TOKEN_EXPIRED);
        assertEquals("token expired at 2026-03-01T11:59:29Z, now 2026-03-01T12:00:00Z, allowed clock skew PT30S"
                + " (sub \"alice\", jti \"jti-1\")", e.getMessage());
    }

    @Test
    void refusesTokenExpiredOneSecondAgoWithZeroSkew() {
        JwtVerifier strict = JwtVerifier.builder().hmacSecret(SECRET).clock(CLOCK).clockSkew(Duration.ZERO).build();
        String token = hs256(aliceToken().expiration(Date.from(NOW.minusSeconds(1))));

        refused(strict, token, RefusalCode.TOKEN_EXPIRED);
    }

    @Test
    void refusesTokenThatIsNotYetValid() {
        String token = hs256(aliceToken().notBefore(Date.from(NOW.plusSeconds(60))));

        TokenRejectedException e = refused(hmacVerifier, token, RefusalCode.TOKEN_NOT_YET_VALID);
        assertTrue(e.getMessage().startsWith("token not valid before 2026-03-01T12:01:00Z, now 2026-03-01T12:00:00Z"),
                e.getMessage());
    }

    @Test
    void refusesExpiredTokenWithBadSignatureAsInvalidNotExpired() {
        String token = aliceToken().expiration(Date.from(NOW.minusSeconds(3600)))
                .signWith(TestKeys.hmac(OTHER_SECRET), Jwts.SIG.HS256).compact();

        refused(hmacVerifier, token, RefusalCode.TOKEN_INVALID);
    }

    @Test
    void refusesWrongIssuer() {
        JwtVerifier verifier = JwtVerifier.builder().hmacSecret(SECRET).clock(CLOCK).issuer("https://auth.example.com")
                .build();
        String token = hs256(aliceToken().issuer("https://evil.example.com"));

        TokenRejectedException e = refused(verifier, token, RefusalCode.TOKEN_CLAIMS);
        assertTrue(e.getMessage().startsWith("token issuer \"https://evil.example.com\" is not the required issuer"
                + " \"https://auth.example.com\""), e.getMessage());
    }

    @Test
    void refusesMissingIssuerWhenOneIsRequired() {
        JwtVerifier verifier = JwtVerifier.builder().hmacSecret(SECRET).clock(CLOCK).issuer("https://auth.example.com")
                .build();

        TokenRejectedException e = refused(verifier, hs256(aliceToken()), RefusalCode.TOKEN_CLAIMS);
        assertTrue(e.getMessage().startsWith("token has no iss claim"), e.getMessage());
    }

    @Test
    void refusesWrongAudience() {
        JwtVerifier verifier = JwtVerifier.builder().hmacSecret(SECRET).clock(CLOCK).audience("chat").build();
        String token = hs256(aliceToken().audience().add("billing").add("admin").and());

        TokenRejectedException e = refused(verifier, token, RefusalCode.TOKEN_CLAIMS);
        assertTrue(e.getMessage().startsWith("token audience [\"billing\", \"admin\"] does not contain the required"
                + " audience \"chat\""), e.getMessage());
    }

    @Test
    void refusesMissingAudienceWhenOneIsRequired() {
        JwtVerifier verifier = JwtVerifier.builder().hmacSecret(SECRET).clock(CLOCK).audience("chat").build();

        refused(verifier, hs256(aliceToken()), RefusalCode.TOKEN_CLAIMS);
    }

    @Test
    void refusesTokenWithoutSub() {
        String token = hs256(Jwts.builder().id("jti-2").expiration(Date.from(NOW.plusSeconds(600))));

        TokenRejectedException e = refused(hmacVerifier, token, RefusalCode.TOKEN_CLAIMS);
        assertTrue(e.getMessage().startsWith("token has no sub claim"), e.getMessage());
    }

    @Test
    void refusesTokenWithBlankSub() throws Exception {
        String token = handSignedHs256("{\"alg\":\"HS256\"}", "{\"sub\":\"   \"}");

        refused(hmacVerifier, token, RefusalCode.TOKEN_CLAIMS);
    }

    @Test
    void refusesTokenWithoutExpByDefault() {
        String token = hs256(Jwts.builder().subject("alice").id("jti-3"));

        TokenRejectedException e = refused(hmacVerifier, token, RefusalCode.TOKEN_CLAIMS);
        assertTrue(e.getMessage().startsWith("token has no exp claim"), e.getMessage());
        assertTrue(e.getMessage().contains("sub \"alice\""), e.getMessage());
    }

    @Test
    void refusesTokenWithoutExpWithPublicKeysToo() {
        String token = Jwts.builder().subject("alice").signWith(TestKeys.RSA.getPrivate(), Jwts.SIG.RS256).compact();
        JwtVerifier verifier = JwtVerifier.builder().publicKey(TestKeys.RSA.getPublic()).clock(CLOCK).build();

        refused(verifier, token, RefusalCode.TOKEN_CLAIMS);
    }
}
