package dev.syncio.demo.api;

import dev.syncio.auth.TokenRejectedException;
import dev.syncio.auth.TokenVerifier;
import io.javalin.http.Context;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API's authentication: {@code Authorization: Bearer <jwt>}, verified with the same
 * verifier as the socket handshake. The user id is the token's {@code sub}.
 */
public final class BearerAuth {

    private static final Logger log = LoggerFactory.getLogger(BearerAuth.class);
    private static final String PREFIX = "bearer ";

    private final TokenVerifier verifier;

    /** Authentication with this verifier. */
    public BearerAuth(TokenVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * The caller's user id.
     *
     * @throws ApiException 401 without a bearer token, or with one that does not verify
     */
    public String userId(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw ApiException.unauthorized("an Authorization: Bearer token is required");
        }
        String token = header.substring(PREFIX.length()).strip();
        try {
            return verifier.verify(token).userId();
        } catch (TokenRejectedException e) {
            // the refusal message never contains the token (see TokenVerifier)
            log.debug("refused a bearer token ({}): {}", e.code(), e.getMessage());
            throw ApiException.unauthorized("the bearer token is invalid or expired");
        }
    }
}
