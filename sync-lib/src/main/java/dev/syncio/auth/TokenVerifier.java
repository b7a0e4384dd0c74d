package dev.syncio.auth;

import dev.syncio.Principal;

/**
 * Turns a bearer token into a {@link Principal}, or refuses it.
 *
 * <pre>{@code
 * SyncServer.builder()
 *     .auth(JwtVerifier.builder().hmacSecret(secret).issuer("my-app").build())
 *     ...
 * }</pre>
 *
 * <p>Called once per connection at the handshake, and again for {@code session:refresh}. It runs on
 * a syncio callback thread, never on a Netty event loop, so an implementation may block briefly
 * (for example to fetch a key set), but every connection waits for it.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * Verifies a token.
     *
     * @param token the raw token, never {@code null} or empty
     * @return the identity the token proves
     * @throws TokenRejectedException when the token must be refused; its code goes to the client
     */
    Principal verify(String token) throws TokenRejectedException;

    /**
     * How long past {@link Principal#expiresAt()} a session may live: syncio ends an authenticated
     * session (with {@code session:expired}) at {@code expiresAt + clockSkew}. Zero by default.
     */
    default java.time.Duration clockSkew() {
        return java.time.Duration.ZERO;
    }
}
