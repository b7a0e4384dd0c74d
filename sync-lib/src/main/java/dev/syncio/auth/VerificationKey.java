package dev.syncio.auth;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.spec.SecretKeySpec;

/**
 * One configured verification key and the JWS algorithms it can check. Validates the key when it
 * is configured, so a weak or unsupported key fails at startup rather than at the first handshake.
 */
final class VerificationKey {

    /** The algorithm families; a verifier accepts only the algorithms of the families it holds keys for. */
    enum Family {
        HMAC("HS256", "HS384", "HS512"),
        RSA("RS256", "RS384", "RS512"),
        EC("ES256", "ES384", "ES512");

        private final Set<String> algorithms;

        Family(String... algorithms) {
            this.algorithms = Set.of(algorithms);
        }

        Set<String> algorithms() {
            return algorithms;
        }
    }

    /** RFC 7518 section 3.2: an HMAC key must be at least as long as the hash output. */
    static final int MIN_HMAC_SECRET_BYTES = 32;
    /** RFC 7518 section 3.3 (and jjwt): RSA keys of at least 2048 bits. */
    static final int MIN_RSA_BITS = 2048;

    private static final Map<String, Integer> HMAC_MIN_BYTES = Map.of("HS256", 32, "HS384", 48, "HS512", 64);
    private static final Map<String, String> EC_ALGORITHM_BY_CURVE =
            Map.of("P-256", "ES256", "P-384", "ES384", "P-521", "ES512");
    private static final Map<String, String> EC_CURVE_JCA_NAMES =
            Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

    private final String keyId;
    private final Key key;
    private final Family family;
    private final Set<String> algorithms;
    private final String description;

    private VerificationKey(String keyId, Key key, Family family, Set<String> algorithms, String description) {
        this.keyId = keyId;
        this.key = key;
        this.family = family;
        this.algorithms = Set.copyOf(algorithms);
        this.description = description;
    }

    /** An HMAC secret of at least 32 bytes; the bytes are copied. */
    static VerificationKey hmac(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException("HMAC secret is " + secret.length + " bytes; at least "
                    + MIN_HMAC_SECRET_BYTES + " bytes (256 bits) are required for HS256, 48 for HS384 and 64 for "
                    + "HS512 (RFC 7518 section 3.2)");
        }
        Set<String> algorithms = new LinkedHashSet<>();
        for (String alg : Family.HMAC.algorithms()) {
            if (secret.length >= HMAC_MIN_BYTES.get(alg)) {
                algorithms.add(alg);
            }
        }
        // Any standard HmacSHA* name is accepted by jjwt for every HS algorithm; the length is what counts.
        Key key = new SecretKeySpec(secret, "HmacSHA256");
        return new VerificationKey(null, key, Family.HMAC, algorithms,
                "HMAC secret of " + secret.length + " bytes");
    }

    /** An RSA (at least 2048 bits) or EC (P-256, P-384 or P-521) public key, with an optional key id. */
    static VerificationKey publicKey(String keyId, PublicKey key) {
        Objects.requireNonNull(key, "key");
        if (keyId != null && keyId.isBlank()) {
            throw new IllegalArgumentException("key id must not be blank");
        }
        String named = keyId == null ? "" : " (kid \"" + keyId + "\")";
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA public key" + named + " is " + bits + " bits; at least "
                        + MIN_RSA_BITS + " bits are required (RFC 7518 section 3.3)");
            }
            return new VerificationKey(keyId, key, Family.RSA, Family.RSA.algorithms(),
                    "RSA " + bits + "-bit public key" + named);
        }
        if (key instanceof ECPublicKey ec) {
            String curve = curveName(ec.getParams());
            if (curve == null) {
                throw new IllegalArgumentException("EC public key" + named + " is not on P-256, P-384 or P-521, "
                        + "the only curves JWS allows (ES256, ES384, ES512)");
            }
            return new VerificationKey(keyId, key, Family.EC, Set.of(EC_ALGORITHM_BY_CURVE.get(curve)),
                    "EC " + curve + " public key" + named);
        }
        throw new IllegalArgumentException("unsupported public key type " + key.getAlgorithm() + named
                + "; use an RSA (RS256/RS384/RS512) or EC (ES256/ES384/ES512) public key");
    }

    private static String curveName(ECParameterSpec params) {
        for (Map.Entry<String, String> curve : EC_CURVE_JCA_NAMES.entrySet()) {
            ECParameterSpec standard = standardCurve(curve.getValue());
            if (standard != null
                    && standard.getCurve().equals(params.getCurve())
                    && standard.getGenerator().equals(params.getGenerator())
                    && standard.getOrder().equals(params.getOrder())
                    && standard.getCofactor() == params.getCofactor()) {
                return curve.getKey();
            }
        }
        return null;
    }

    private static ECParameterSpec standardCurve(String jcaName) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(jcaName));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** The {@code kid} this key was configured with, or {@code null}. */
    String keyId() {
        return keyId;
    }

    /** The JCA key handed to jjwt. */
    Key key() {
        return key;
    }

    /** The family this key belongs to. */
    Family family() {
        return family;
    }

    /** Whether this key can verify a token signed with {@code alg}. */
    boolean verifies(String alg) {
        return algorithms.contains(alg);
    }

    /** Why this key cannot verify {@code alg}, for refusal messages; never contains key material. */
    String whyNot(String alg) {
        if (family == Family.HMAC && HMAC_MIN_BYTES.containsKey(alg)) {
            return "the " + description + " is too short for " + alg + ", which needs at least "
                    + HMAC_MIN_BYTES.get(alg) + " bytes";
        }
        return "the " + description + " verifies only " + String.join(", ", new TreeSet<>(algorithms));
    }

    /** A description without key material, e.g. {@code EC P-256 public key (kid "2024-01")}. */
    @Override
    public String toString() {
        return description;
    }
}
