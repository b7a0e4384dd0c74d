package dev.syncio.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Real JWTs for the authentication tests: good ones minted with jjwt the way an issuer would, and
 * hostile ones built by hand the way an attacker would (unsigned, tampered, algorithm confusion).
 *
 * <pre>{@code
 * String good = Tokens.hs256("alice");                                     // valid for an hour
 * String short = Tokens.forUser("alice").expiresAt(Tokens.secondsFromNow(2)).hs256();
 * String wrongIss = Tokens.forUser("alice").issuer("someone-else").rs256();
 * }</pre>
 *
 * The HMAC secret and the RSA key pairs are fixed for the whole test JVM; {@link AuthServer}
 * verifies with {@link #SECRET} and {@link #rsaKeyPair()}.
 */
public final class Tokens {

    /** The issuer the test servers require. */
    public static final String ISSUER = "syncio-test";
    /** The audience the test servers require. */
    public static final String AUDIENCE = "syncio-clients";
    /** The test HMAC secret as text (its UTF-8 bytes are the key): 48 bytes. */
    public static final String SECRET = "syncio-integration-tests-hmac-secret-0123456789!";
    /** Another secret of the same size, for "signed by someone else". */
    public static final String OTHER_SECRET = "not-the-syncio-secret-but-just-as-long-987654321";
    /**
     * How long {@link #hs256(String)} and {@link #rs256(String)} tokens live: an hour, because a CI
     * run once stalled about ten minutes inside one test and its 10-minute token expired mid-test.
     */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    /** Generated once per JVM: RSA key generation is slow. */
    private static final class RsaKeys {
        static final KeyPair SERVER = Jwts.SIG.RS256.keyPair().build();
        static final KeyPair OTHER = Jwts.SIG.RS256.keyPair().build();
    }

    private Tokens() {
    }

    /** The test secret's bytes. */
    public static byte[] secretBytes() {
        return SECRET.getBytes(StandardCharsets.UTF_8);
    }

    /** The RSA key pair whose public key the RS256 test server holds (2048 bits). */
    public static KeyPair rsaKeyPair() {
        return RsaKeys.SERVER;
    }

    /** An RSA key pair the servers know nothing about. */
    public static KeyPair otherRsaKeyPair() {
        return RsaKeys.OTHER;
    }

    /**
     * An instant at least {@code seconds} from now, on a whole second (JWT times have no fraction):
     * between {@code seconds} and {@code seconds + 1} seconds ahead.
     */
    public static Instant secondsFromNow(long seconds) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds + 1);
    }

    /** Claims for {@code sub}: issuer and audience of the test servers, issued now, valid an hour. */
    public static Spec forUser(String sub) {
        return new Spec(sub);
    }

    /** A valid HS256 token for the HS256 test server. */
    public static String hs256(String sub) {
        return forUser(sub).hs256();
    }

    /** A valid RS256 token for the RS256 test server. */
    public static String rs256(String sub) {
        return forUser(sub).rs256();
    }

    /** An HS256 token whose {@code exp} passed a minute ago. */
    public static String expiredHs256(String sub) {
        return forUser(sub).issuedAt(Instant.now().minusSeconds(600)).expiresAt(Instant.now().minusSeconds(60)).hs256();
    }

    /** An HS256 token that only becomes valid in 10 minutes ({@code nbf}). */
    public static String notYetValidHs256(String sub) {
        return forUser(sub).notBefore(Instant.now().plusSeconds(600)).expiresAt(Instant.now().plusSeconds(1200)).hs256();
    }

    /** A token with {@code "alg": "none"} and an empty signature, with otherwise valid claims. */
    public static String algNone(String sub) {
        return unsigned(Map.of("alg", "none", "typ", "JWT"), forUser(sub).claims());
    }

    /**
     * Algorithm confusion: an HS256 token "signed" with the RS256 server's public key (its X.509
     * encoding, as a PEM file would hold it) used as the HMAC secret.
     */
    public static String hs256WithRsaPublicKey(String sub) {
        return handSigned(forUser(sub).claims(), rsaKeyPair().getPublic().getEncoded());
    }

    /** Not a JWT at all. */
    public static String malformed() {
        return "this-is-not-a-jwt";
    }

    /** {@code token} with its payload's {@code sub} replaced by {@code "mallory"}, signature kept. */
    public static String tampered(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = JSON.readValue(B64URL_DECODER.decode(parts[1]), LinkedHashMap.class);
            claims.put("sub", "mallory");
            return parts[0] + "." + B64URL.encodeToString(JSON.writeValueAsBytes(claims)) + "." + parts[2];
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid HS256 token for {@code sub}, then tampered (see {@link #tampered(String)}). */
    public static String tamperedHs256(String sub) {
        return tampered(hs256(sub));
    }

    /** A valid RS256 token for {@code sub}, then tampered (see {@link #tampered(String)}). */
    public static String tamperedRs256(String sub) {
        return tampered(rs256(sub));
    }

    /** An HS256 token signed with {@link #OTHER_SECRET}. */
    public static String otherSecretHs256(String sub) {
        return forUser(sub).hs256(OTHER_SECRET.getBytes(StandardCharsets.UTF_8));
    }

    /** An RS256 token signed with {@link #otherRsaKeyPair()}. */
    public static String otherKeyRs256(String sub) {
        return forUser(sub).rs256(otherRsaKeyPair().getPrivate());
    }

    /** The {@code exp} of a compact JWT, read without verification. */
    public static Instant expiresAt(String token) {
        try {
            String[] parts = token.split("\\.", -1);
            Map<?, ?> claims = JSON.readValue(B64URL_DECODER.decode(parts[1]), Map.class);
            return Instant.ofEpochSecond(((Number) claims.get("exp")).longValue());
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("token has no readable exp", e);
        }
    }

    /**
     * A valid HS256 token for the HS256 test server, built by hand like the hostile ones: the control
     * that shows a hand-built token is refused for what it is, not for how it was built.
     */
    public static String handSignedHs256(String sub) {
        return handSigned(forUser(sub).claims(), secretBytes());
    }

    /** An HS256 token whose header, claims and signature are computed here, without jjwt. */
    static String handSigned(Map<String, Object> claims, byte[] hmacKey) {
        String signingInput = encode(Map.of("alg", "HS256", "typ", "JWT")) + "." + encode(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(Map<String, Object> header, Map<String, Object> claims) {
        return encode(header) + "." + encode(claims) + ".";
    }

    private static String encode(Map<String, Object> json) {
        try {
            return B64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of one token, then signed by one of the terminal methods. */
    public static final class Spec {

        private String sub;
        private String issuer = ISSUER;
        private String audience = AUDIENCE;
        private Instant issuedAt = Instant.now();
        private Instant expiresAt = Instant.now().plus(DEFAULT_LIFETIME);
        private Instant notBefore;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Spec(String sub) {
            this.sub = sub;
        }

        /** The subject; {@code null} leaves {@code sub} out. */
        public Spec sub(String sub) {
            this.sub = sub;
            return this;
        }

        /** The issuer; {@code null} leaves {@code iss} out. */
        public Spec issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** The audience; {@code null} leaves {@code aud} out. */
        public Spec audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** {@code iat}. */
        public Spec issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        /** {@code exp}; {@code null} leaves it out (a token that never expires). */
        public Spec expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** {@code nbf}; {@code null} (the default) leaves it out. */
        public Spec notBefore(Instant notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        /** A custom claim. */
        public Spec claim(String name, Object value) {
            extra.put(name, value);
            return this;
        }

        /** HS256 with {@link #SECRET}. */
        public String hs256() {
            return hs256(secretBytes());
        }

        /** HS256 with another secret (at least 32 bytes). */
        public String hs256(byte[] secret) {
            SecretKey key = Keys.hmacShaKeyFor(secret);
            return builder().signWith(key, Jwts.SIG.HS256).compact();
        }

        /** RS256 with the private key of {@link #rsaKeyPair()}. */
        public String rs256() {
            return rs256(rsaKeyPair().getPrivate());
        }

        /** RS256 with another private key. */
        public String rs256(PrivateKey key) {
            return builder().signWith(key, Jwts.SIG.RS256).compact();
        }

        private JwtBuilder builder() {
            JwtBuilder builder = Jwts.builder().id(UUID.randomUUID().toString());
            if (sub != null) {
                builder.subject(sub);
            }
            if (issuer != null) {
                builder.issuer(issuer);
            }
            if (audience != null) {
                builder.audience().add(audience).and();
            }
            if (issuedAt != null) {
                builder.issuedAt(Date.from(issuedAt));
            }
            if (expiresAt != null) {
                builder.expiration(Date.from(expiresAt));
            }
            if (notBefore != null) {
                builder.notBefore(Date.from(notBefore));
            }
            extra.forEach(builder::claim);
            return builder;
        }

        /** The claims as a JSON-ready map, for hand-built tokens. */
        Map<String, Object> claims() {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("jti", UUID.randomUUID().toString());
            if (sub != null) {
                claims.put("sub", sub);
            }
            if (issuer != null) {
                claims.put("iss", issuer);
            }
            if (audience != null) {
                claims.put("aud", audience);
            }
            if (issuedAt != null) {
                claims.put("iat", issuedAt.getEpochSecond());
            }
            if (expiresAt != null) {
                claims.put("exp", expiresAt.getEpochSecond());
            }
            if (notBefore != null) {
                claims.put("nbf", notBefore.getEpochSecond());
            }
            claims.putAll(extra);
            return claims;
        }
    }
}
