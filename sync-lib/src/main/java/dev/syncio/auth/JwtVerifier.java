package dev.syncio.auth;

import dev.syncio.Principal;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.InvalidClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SignatureException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A {@link TokenVerifier} for signed JWTs (JWS), built on jjwt.
 *
 * <p>Accepts HS256/HS384/HS512 tokens when configured with an HMAC secret, or RS256/RS384/RS512 and
 * ES256/ES384/ES512 tokens when configured with RSA or EC public keys; never both kinds, and never
 * unsecured ({@code alg: none}) or encrypted tokens. A token's {@code alg} header must belong to
 * the configured kind or the token is refused before any signature check. Checks {@code exp} and
 * {@code nbf} with a clock skew (30 seconds by default), {@code iss} and {@code aud} when
 * configured, and requires a non-blank {@code sub}, which becomes {@link Principal#userId()}, and
 * (unless {@link Builder#requireExpiration(boolean) requireExpiration(false)}) an {@code exp}.
 *
 * <p>Refusals are {@link TokenRejectedException}s whose {@link TokenRejectedException#code() code}
 * goes to the client and whose message, for the server's logs, says what was observed and what was
 * allowed. Messages never contain the token or a secret; they quote at most the token's
 * {@code sub}, {@code jti}, {@code iss}, {@code aud}, {@code alg} and {@code kid}, shortened and
 * stripped of control characters. jjwt's own exceptions are not attached as causes, because their
 * messages may quote decoded token content verbatim.
 *
 * <p>Instances are immutable and thread-safe. Create them with {@link #builder()}.
 */
public final class JwtVerifier implements TokenVerifier {

    /** One parser per configured key, in configuration order; each verifies with its key alone. */
    private final List<JwtParser> candidates;
    private final Set<String> allowedAlgorithms;
    private final String keysDescription;
    private final Duration clockSkew;
    private final Clock clock;
    private final Function<? super Map<String, Object>, ? extends Map<String, ?>> claimsMapper;
    private final boolean requireExpiration;

    private JwtVerifier(Builder builder, List<VerificationKey> keys, Set<String> allowedAlgorithms) {
        this.allowedAlgorithms = Set.copyOf(allowedAlgorithms);
        this.clockSkew = builder.clockSkew;
        this.clock = builder.clock;
        this.claimsMapper = builder.claimsMapper;
        this.requireExpiration = builder.requireExpiration;
        Set<String> keyIds = new HashSet<>();
        for (VerificationKey key : keys) {
            if (key.keyId() != null) {
                keyIds.add(key.keyId());
            }
        }
        Clock judgeBy = this.clock;
        io.jsonwebtoken.Clock jjwtClock = () -> Date.from(judgeBy.instant());
        List<JwtParser> list = new ArrayList<>(keys.size());
        for (VerificationKey key : keys) {
            JwtParserBuilder parser = Jwts.parser()
                    .keyLocator(new CandidateKeyLocator(key, allowedAlgorithms, keyIds))
                    .clockSkewSeconds(clockSkew.getSeconds())
                    .clock(jjwtClock);
            if (builder.issuer != null) {
                parser.requireIssuer(builder.issuer);
            }
            if (builder.audience != null) {
                parser.requireAudience(builder.audience);
            }
            list.add(parser.build());
        }
        this.candidates = List.copyOf(list);
        this.keysDescription = keys.size() == 1 ? "the configured " + keys.get(0)
                : "any of the " + keys.size() + " configured public keys";
    }

    /**
     * Returns a new {@link Builder}, for example:
     *
     * <pre>{@code
     * TokenVerifier verifier = JwtVerifier.builder()
     *     .hmacSecret(System.getenv("SYNC_JWT_SECRET"))   // or .publicKeys(rsaOrEcKey, ...)
     *     .issuer("https://auth.example.com")             // optional: required iss
     *     .audience("chat")                               // optional: required aud
     *     .clockSkew(Duration.ofSeconds(30))              // the default
     *     .build();
     * }</pre>
     *
     * @return a builder with no key configured, no issuer or audience requirement, {@code exp}
     *         required, a clock skew of 30 seconds, the system UTC clock and the default claims mapping
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The configured clock skew; syncio ends sessions at {@code exp} plus this much. */
    @Override
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * Verifies a token: signature, {@code alg}, {@code exp}, {@code nbf}, {@code iss}, {@code aud}
     * and {@code sub}.
     *
     * @param token the compact JWS as the client sent it
     * @return a principal with the token's {@code sub}, the mapped claims and {@code exp} (or
     *         {@code null} when the token has none)
     * @throws TokenRejectedException {@link RefusalCode#TOKEN_MISSING} for a {@code null} or blank
     *         token; {@link RefusalCode#TOKEN_INVALID} for a malformed, tampered, unsecured or
     *         encrypted token, a bad signature, or an algorithm that is not configured;
     *         {@link RefusalCode#TOKEN_EXPIRED} and {@link RefusalCode#TOKEN_NOT_YET_VALID} when
     *         {@code exp} or {@code nbf} is out of range even allowing for the clock skew;
     *         {@link RefusalCode#TOKEN_CLAIMS} for a missing or blank {@code sub}, a missing
     *         {@code exp} (unless allowed), or a wrong or missing {@code iss} or {@code aud}
     */
    @Override
    public Principal verify(String token) throws TokenRejectedException {
        if (token == null || token.isBlank()) {
            throw new TokenRejectedException(RefusalCode.TOKEN_MISSING, "no token was presented");
        }
        Claims claims = verifiedClaims(token);
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new TokenRejectedException(RefusalCode.TOKEN_CLAIMS, "token has "
                    + (subject == null ? "no sub claim" : "a blank sub claim")
                    + "; a non-blank sub (the user id) is required" + identity(claims));
        }
        Date expiration = claims.getExpiration();
        if (expiration == null && requireExpiration) {
            throw new TokenRejectedException(RefusalCode.TOKEN_CLAIMS, "token has no exp claim; an expiry is "
                    + "required (a token without one would give a session that never ends)" + identity(claims));
        }
        Map<String, Object> custom = ClaimsMapping.apply(claimsMapper, claims);
        return new Principal(subject, custom, expiration == null ? null : expiration.toInstant());
    }

    /** Tries the candidate keys in order until one verifies the signature, then judges the claims. */
    private Claims verifiedClaims(String token) throws TokenRejectedException {
        int mismatches = 0;
        KeyRefusal notApplicable = null;
        for (JwtParser candidate : candidates) {
            try {
                return candidate.parseSignedClaims(token).getPayload();
            } catch (KeyRefusal e) {
                if (!e.tryNextKey()) {
                    throw invalid(e.getMessage());
                }
                notApplicable = e;
            } catch (SignatureException e) {
                if (e.getCause() instanceof UnsupportedJwtException) {
                    // jjwt does not know the alg at all; nothing else to try
                    throw invalid("token algorithm is unknown; allowed: " + allowedList());
                }
                mismatches++;
            } catch (ExpiredJwtException e) {
                throw new TokenRejectedException(RefusalCode.TOKEN_EXPIRED, "token expired at "
                        + instant(e.getClaims().getExpiration()) + ", now " + clock.instant()
                        + ", allowed clock skew " + clockSkew + identity(e.getClaims()));
            } catch (PrematureJwtException e) {
                throw new TokenRejectedException(RefusalCode.TOKEN_NOT_YET_VALID, "token not valid before "
                        + instant(e.getClaims().getNotBefore()) + ", now " + clock.instant()
                        + ", allowed clock skew " + clockSkew + identity(e.getClaims()));
            } catch (InvalidClaimException e) {
                throw new TokenRejectedException(RefusalCode.TOKEN_CLAIMS, claimMessage(e));
            } catch (MalformedJwtException | io.jsonwebtoken.io.IOException e) {
                throw invalid("token is malformed (" + e.getClass().getSimpleName() + ")");
            } catch (UnsupportedJwtException e) {
                throw invalid(unsupportedMessage(e));
            } catch (JwtException | IllegalArgumentException e) {
                throw invalid("token cannot be verified with " + keysDescription + " ("
                        + e.getClass().getSimpleName() + ")");
            } catch (RuntimeException e) {
                // a hostile token must never escape as anything but a refusal
                throw invalid("token could not be parsed (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (mismatches > 0) {
            throw invalid("token signature does not verify with " + (candidates.size() == 1 ? keysDescription
                    : mismatches == 1 ? "the one configured key that fits its algorithm and kid"
                    : "any of the " + mismatches + " configured keys that fit its algorithm and kid"));
        }
        throw invalid("no configured key can verify this token: "
                + (notApplicable == null ? "no key configured" : notApplicable.getMessage()));
    }

    private String unsupportedMessage(UnsupportedJwtException e) {
        String detail = String.valueOf(e.getMessage());
        // jjwt 0.12 words its refusal of unsecured JWSs this way; anything else gets the general message
        if (detail.startsWith("Unsecured JWSs")) {
            return "token is unsecured (alg \"none\"); allowed: " + allowedList();
        }
        return "token is not a signed JWT with a JSON claims payload, or its signature cannot be checked with "
                + keysDescription + " (" + e.getClass().getSimpleName() + "); allowed: " + allowedList();
    }

    private String claimMessage(InvalidClaimException e) {
        Claims claims = e.getClaims();
        String name = e.getClaimName();
        String required = SafeText.quote(e.getClaimValue() instanceof Set<?> set && set.size() == 1
                ? set.iterator().next() : e.getClaimValue());
        if (e instanceof MissingClaimException) {
            return "token has no " + name + " claim; required " + label(name) + " " + required + identity(claims);
        }
        if ("aud".equals(name)) {
            return "token audience " + SafeText.quoteAll(claims.getAudience()) + " does not contain the required "
                    + "audience " + required + identity(claims);
        }
        Object actual = e instanceof IncorrectClaimException ? claims.get(name) : null;
        return "token " + label(name) + " " + SafeText.quoteAll(actual) + " is not the required " + label(name)
                + " " + required + identity(claims);
    }

    private static String label(String claimName) {
        return switch (claimName) {
            case "iss" -> "issuer";
            case "aud" -> "audience";
            default -> claimName;
        };
    }

    /** {@code  (sub "alice", jti "42")} from a token whose signature was verified, or empty. */
    private static String identity(Claims claims) {
        if (claims == null) {
            return "";
        }
        List<String> parts = new ArrayList<>(2);
        if (claims.getSubject() != null) {
            parts.add("sub " + SafeText.quote(claims.getSubject()));
        }
        if (claims.getId() != null) {
            parts.add("jti " + SafeText.quote(claims.getId()));
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static Object instant(Date date) {
        return date == null ? "unknown" : date.toInstant();
    }

    private String allowedList() {
        return String.join(", ", new TreeSet<>(allowedAlgorithms));
    }

    private static TokenRejectedException invalid(String message) {
        return new TokenRejectedException(RefusalCode.TOKEN_INVALID, message);
    }

    /**
     * Configures a {@link JwtVerifier}. Configure either an HMAC secret or public keys, not both:
     * the verifier accepts only the algorithms of the kind of key it holds. Not thread-safe; each
     * {@link #build()} returns an independent verifier.
     */
    public static final class Builder {

        private VerificationKey hmac;
        private final List<VerificationKey> publicKeys = new ArrayList<>();
        private String issuer;
        private String audience;
        private Duration clockSkew = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private Function<? super Map<String, Object>, ? extends Map<String, ?>> claimsMapper =
                ClaimsMapping.CUSTOM_ONLY;
        private boolean requireExpiration = true;

        private Builder() {
        }

        /**
         * Accepts HS256, HS384 and HS512 tokens signed with this secret. The secret must be at least
         * 32 bytes (256 bits); HS384 tokens need at least 48 bytes and HS512 tokens at least 64
         * (RFC 7518 section 3.2), and tokens of an algorithm the secret is too short for are
         * refused. Calling it again replaces the secret.
         *
         * @param secret the raw secret; copied
         * @return this builder
         * @throws IllegalArgumentException if the secret is shorter than 32 bytes
         * @throws NullPointerException     if the secret is {@code null}
         */
        public Builder hmacSecret(byte[] secret) {
            this.hmac = VerificationKey.hmac(secret);
            return this;
        }

        /**
         * Same as {@link #hmacSecret(byte[])} with the secret's UTF-8 bytes; at least 32 bytes.
         *
         * @param secret the secret as text, for example from an environment variable
         * @return this builder
         * @throws IllegalArgumentException if the secret's UTF-8 encoding is shorter than 32 bytes
         * @throws NullPointerException     if the secret is {@code null}
         */
        public Builder hmacSecret(String secret) {
            return hmacSecret(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Adds a public key: an RSA key (at least 2048 bits) accepts RS256, RS384 and RS512 tokens;
         * an EC key accepts ES256 on P-256, ES384 on P-384 or ES512 on P-521. With several keys
         * (key rotation) a token is accepted if any key that fits its algorithm verifies it.
         *
         * @param key the public key
         * @return this builder
         * @throws IllegalArgumentException for a weak RSA key, an EC key on another curve, or another key type
         * @throws NullPointerException     if the key is {@code null}
         */
        public Builder publicKey(PublicKey key) {
            publicKeys.add(VerificationKey.publicKey(null, key));
            return this;
        }

        /**
         * Adds a public key with a key id. A token whose {@code kid} header equals a configured key
         * id is checked with that key only; a token with no {@code kid}, or one that matches no
         * configured id, is checked with every key that fits its algorithm.
         *
         * @param keyId the key id, as issued in the tokens' {@code kid} header
         * @param key   the public key, as for {@link #publicKey(PublicKey)}
         * @return this builder
         * @throws IllegalArgumentException for a blank or duplicate key id, or a key refused by
         *                                  {@link #publicKey(PublicKey)}
         * @throws NullPointerException     if either argument is {@code null}
         */
        public Builder publicKey(String keyId, PublicKey key) {
            Objects.requireNonNull(keyId, "keyId");
            for (VerificationKey existing : publicKeys) {
                if (keyId.equals(existing.keyId())) {
                    throw new IllegalArgumentException("key id \"" + keyId + "\" is already configured");
                }
            }
            publicKeys.add(VerificationKey.publicKey(keyId, key));
            return this;
        }

        /**
         * Adds several public keys, each as by {@link #publicKey(PublicKey)}.
         *
         * @param keys the public keys
         * @return this builder
         */
        public Builder publicKeys(PublicKey... keys) {
            Objects.requireNonNull(keys, "keys");
            for (PublicKey key : keys) {
                publicKey(key);
            }
            return this;
        }

        /**
         * Requires the token's {@code iss} to equal this value.
         *
         * @param issuer the required issuer
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder issuer(String issuer) {
            this.issuer = requireText(issuer, "issuer");
            return this;
        }

        /**
         * Requires the token's {@code aud} to be this value, or an array that contains it.
         *
         * @param audience the required audience
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder audience(String audience) {
            this.audience = requireText(audience, "audience");
            return this;
        }

        /**
         * How far {@code exp} and {@code nbf} may be off: a token is accepted until {@code exp}
         * plus the skew and from {@code nbf} minus the skew. Default 30 seconds.
         *
         * @param clockSkew a non-negative whole number of seconds
         * @return this builder
         * @throws IllegalArgumentException if negative or not a whole number of seconds
         */
        public Builder clockSkew(Duration clockSkew) {
            Objects.requireNonNull(clockSkew, "clockSkew");
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("clockSkew must not be negative, got " + clockSkew);
            }
            if (clockSkew.getNano() != 0) {
                throw new IllegalArgumentException("clockSkew must be a whole number of seconds, got " + clockSkew);
            }
            if (clockSkew.getSeconds() > Long.MAX_VALUE / 1000) {
                throw new IllegalArgumentException("clockSkew is too large, got " + clockSkew);
            }
            this.clockSkew = clockSkew;
            return this;
        }

        /**
         * Whether a token must carry {@code exp}; default {@code true}. A token without it is
         * refused with {@link RefusalCode#TOKEN_CLAIMS}, at the handshake and on
         * {@code session:refresh}. {@code false} accepts such tokens, and their sessions never
         * expire (nor does a session refreshed with one); only for issuers that cannot set
         * {@code exp}.
         *
         * @param required whether {@code exp} is required
         * @return this builder
         */
        public Builder requireExpiration(boolean required) {
            this.requireExpiration = required;
            return this;
        }

        /**
         * The clock that {@code exp} and {@code nbf} are judged against; for tests. Default
         * {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Chooses what lands in {@link Principal#claims()}. The mapper gets a read-only map of all of
         * a verified token's claims, registered ones included, as jjwt presents them
         * ({@code exp}, {@code nbf} and {@code iat} as numbers of seconds since the epoch,
         * {@code aud} as a {@code Set<String>}, JSON objects and arrays as maps and lists, JSON
         * numbers as {@code Integer}, {@code Long}, {@code Double} ...); what it returns becomes
         * the principal's claims, minus {@code null} keys and values, with nested maps and lists made
         * read-only. Returning {@code null} means no claims. An exception from the mapper is not a
         * refusal: it propagates to the caller.
         *
         * <p>The default keeps every claim except the registered ones ({@code iss}, {@code sub},
         * {@code aud}, {@code exp}, {@code nbf}, {@code iat}, {@code jti}). To keep only some:
         * <pre>{@code
         * .claimsMapper(claims -> Map.of("tenant", claims.getOrDefault("tenant", "default")))
         * }</pre>
         *
         * @param claimsMapper the mapping; must not be {@code null}
         * @return this builder
         */
        public Builder claimsMapper(Function<? super Map<String, Object>, ? extends Map<String, ?>> claimsMapper) {
            this.claimsMapper = Objects.requireNonNull(claimsMapper, "claimsMapper");
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return a new, immutable verifier
         * @throws IllegalStateException if no key is configured, or both an HMAC secret and public keys are
         */
        public JwtVerifier build() {
            if (hmac != null && !publicKeys.isEmpty()) {
                throw new IllegalStateException("configure either hmacSecret(...) or publicKey(s)(...), not both: "
                        + "a verifier accepts one kind of algorithm (HS* or RS*/ES*), which rules out "
                        + "algorithm confusion between them");
            }
            if (hmac == null && publicKeys.isEmpty()) {
                throw new IllegalStateException("no verification key configured: call hmacSecret(...) or "
                        + "publicKey(s)(...)");
            }
            List<VerificationKey> keys = hmac != null ? List.of(hmac) : List.copyOf(publicKeys);
            Set<VerificationKey.Family> families = EnumSet.noneOf(VerificationKey.Family.class);
            keys.forEach(key -> families.add(key.family()));
            Set<String> allowed = new HashSet<>();
            families.forEach(family -> allowed.addAll(family.algorithms()));
            return new JwtVerifier(this, keys, allowed);
        }

        private static String requireText(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
