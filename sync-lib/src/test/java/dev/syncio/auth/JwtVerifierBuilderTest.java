package dev.syncio.auth;

import static dev.syncio.auth.TestKeys.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JwtVerifierBuilderTest {

    @Test
    void refusesHmacSecretShorterThan32Bytes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtVerifier.builder().hmacSecret(new byte[31]));

        assertTrue(e.getMessage().startsWith("HMAC secret is 31 bytes; at least 32 bytes (256 bits)"), e.getMessage());
    }

    @Test
    void measuresStringSecretInUtf8BytesAndNeverEchoesIt() {
        String shortSecret = "ünïcödé-but-short";   // 17 chars, 21 UTF-8 bytes
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtVerifier.builder().hmacSecret(shortSecret));

        assertTrue(e.getMessage().startsWith("HMAC secret is 21 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains(shortSecret));
    }

    @Test
    void acceptsHmacSecretOfExactly32Bytes() {
        JwtVerifier.builder().hmacSecret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void refusesToBuildWithoutAKey() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JwtVerifier.builder().build());

        assertTrue(e.getMessage().startsWith("no verification key configured"), e.getMessage());
    }

    @Test
    void refusesToBuildWithBothAnHmacSecretAndPublicKeys() {
        JwtVerifier.Builder builder = JwtVerifier.builder().hmacSecret(SECRET).publicKey(TestKeys.RSA.getPublic());

        IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
    }

    @Test
    void refusesRsaKeyShorterThan2048Bits() {
        PublicKey weak = TestKeys.generate("RSA", 1024).getPublic();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtVerifier.builder().publicKey(weak));
        assertTrue(e.getMessage().contains("1024 bits"), e.getMessage());
    }

    @Test
    void refusesPublicKeyOfUnsupportedType() {
        PublicKey ed25519 = TestKeys.generate("Ed25519", 255).getPublic();

        assertThrows(IllegalArgumentException.class, () -> JwtVerifier.builder().publicKeys(ed25519));
    }

    @Test
    void refusesDuplicateKeyId() {
        JwtVerifier.Builder builder = JwtVerifier.builder().publicKey("k1", TestKeys.RSA.getPublic());

        assertThrows(IllegalArgumentException.class, () -> builder.publicKey("k1", TestKeys.OTHER_RSA.getPublic()));
    }

    @Test
    void refusesNegativeClockSkew() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtVerifier.builder().clockSkew(Duration.ofSeconds(-1)));

        assertEquals("clockSkew must not be negative, got PT-1S", e.getMessage());
    }

    @Test
    void refusesClockSkewWithFractionOfASecond() {
        assertThrows(IllegalArgumentException.class, () -> JwtVerifier.builder().clockSkew(Duration.ofMillis(1500)));
    }

    @Test
    void refusesBlankIssuerAndAudience() {
        assertThrows(IllegalArgumentException.class, () -> JwtVerifier.builder().issuer(" "));
        assertThrows(IllegalArgumentException.class, () -> JwtVerifier.builder().audience(""));
    }

    @Test
    void refusesNullArguments() {
        assertThrows(NullPointerException.class, () -> JwtVerifier.builder().hmacSecret((byte[]) null));
        assertThrows(NullPointerException.class, () -> JwtVerifier.builder().hmacSecret((String) null));
        assertThrows(NullPointerException.class, () -> JwtVerifier.builder().publicKey(null));
        assertThrows(NullPointerException.class, () -> JwtVerifier.builder().clock(null));
        assertThrows(NullPointerException.class, () -> JwtVerifier.builder().claimsMapper(null));
    }
}
