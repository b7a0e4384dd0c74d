package dev.syncio.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Keys, secrets and a fixed clock shared by the verifier tests. Key pairs are generated once. */
final class TestKeys {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** 64 bytes: enough for HS256, HS384 and HS512. */
    static final String SECRET = "s3cr3t-for-tests-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHI";
    static final String OTHER_SECRET = "another-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJK";

    static final KeyPair RSA = generate("RSA", 2048);
    static final KeyPair OTHER_RSA = generate("RSA", 2048);
    static final KeyPair EC_P256 = generateEc("secp256r1");
    static final KeyPair OTHER_EC_P256 = generateEc("secp256r1");
    static final KeyPair EC_P384 = generateEc("secp384r1");

    private TestKeys() {
    }

    static SecretKey hmac(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512");
    }

    static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair generateEc(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
