package dev.syncio;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The verified identity behind a connection.
 *
 * <p>Produced by the {@link dev.syncio.auth.TokenVerifier} at the handshake; every handler sees
 * the principal of the socket it serves. {@code userId} is the token's {@code sub}; {@code claims}
 * holds the custom claims the verifier chose to keep (tenant, roles, ...); {@code expiresAt} is
 * the token's {@code exp}, or {@code null} for identities that do not expire.
 *
 * @param userId    the user id, never blank
 * @param claims    custom claims, immutable
 * @param expiresAt when the identity stops being valid, or {@code null}
 */
public record Principal(String userId, Map<String, Object> claims, Instant expiresAt) {

    /** Validates and copies. */
    public Principal {
        Objects.requireNonNull(userId, "userId");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    /** A principal with no custom claims that never expires. */
    public static Principal of(String userId) {
        return new Principal(userId, Map.of(), null);
    }

    /** A custom claim, or {@code null}. */
    public Object claim(String name) {
        return claims.get(name);
    }
}
