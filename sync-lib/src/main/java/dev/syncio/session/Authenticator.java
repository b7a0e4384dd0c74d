package dev.syncio.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.Principal;
import dev.syncio.auth.RefusalCode;
import dev.syncio.auth.TokenRejectedException;
import dev.syncio.auth.TokenVerifier;
import dev.syncio.transport.EngineSession;

/**
 * Finds the connection's token and has it verified. Sources, in order: the CONNECT auth payload's
 * {@code token}, the handshake's {@code Authorization: Bearer} header, the {@code token} query
 * parameter (when enabled). The first source present is the one judged: a bad token there is
 * refused with no fallback to the next. An empty string counts as absent.
 */
final class Authenticator {

    private final TokenVerifier verifier;
    private final boolean queryToken;

    /** @param verifier the verifier, or null to accept anonymous connections */
    Authenticator(TokenVerifier verifier, boolean queryToken) {
        this.verifier = verifier;
        this.queryToken = queryToken;
    }

    /** The verifier, or null for anonymous servers. */
    TokenVerifier verifier() {
        return verifier;
    }

    Principal authenticate(JsonNode authPayload, EngineSession engine, String socketId) throws TokenRejectedException {
        if (verifier == null) {
            return Principal.of("anonymous-" + socketId);
        }
        String token = findToken(authPayload, engine);
        if (token == null) {
            throw new TokenRejectedException(RefusalCode.TOKEN_MISSING, "no token in auth payload, header"
                    + (queryToken ? " or query" : ""));
        }
        Principal principal = verifier.verify(token);
        if (principal == null) {
            throw new IllegalStateException("TokenVerifier returned null instead of throwing TokenRejectedException");
        }
        return principal;
    }

    private String findToken(JsonNode authPayload, EngineSession engine) {
        if (authPayload != null && authPayload.has("token")) {
            JsonNode token = authPayload.get("token");
            String value = token.isTextual() ? token.textValue() : token.isNull() ? "" : token.toString();
            if (!value.isEmpty()) {
                return value;
            }
        }
        String header = engine.credentials().authorization();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).isBlank()) {
            return header.substring(7).trim();
        }
        String query = engine.credentials().queryToken();
        if (queryToken && query != null && !query.isEmpty()) {
            return query;
        }
        return null;
    }
}
