package dev.syncio.session;

import dev.syncio.Principal;
import dev.syncio.auth.RefusalCode;
import dev.syncio.auth.TokenRejectedException;
import dev.syncio.auth.TokenVerifier;
import dev.syncio.dispatch.ErrorAcks;
import dev.syncio.dispatch.EventContextImpl;
import dev.syncio.emit.EventIds;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a socket's session when its token expires ({@code session:expired}, then disconnect, at
 * {@code exp} plus the verifier's clock skew) and extends it on {@code session:refresh} with a
 * newer token for the same user.
 */
final class SessionExpiry {

    static final String REFRESH_EVENT = "session:refresh";
    static final String EXPIRED_EVENT = "session:expired";

    private static final Logger log = LoggerFactory.getLogger(SessionExpiry.class);

    private final TokenVerifier verifier;
    private final ScheduledExecutorService timer;

    /** @param verifier the verifier of refreshed tokens, or null on an anonymous server */
    SessionExpiry(TokenVerifier verifier, ScheduledExecutorService timer) {
        this.verifier = verifier;
        this.timer = timer;
    }

    /** (Re)arms the expiry of a socket for its current principal. */
    void schedule(SocketImpl socket) {
        Instant expiresAt = socket.principal().expiresAt();
        if (expiresAt == null) {
            socket.expiryTimer(null);
            return;
        }
        Duration skew = verifier == null ? Duration.ZERO : verifier.clockSkew();
        long delay = Math.max(0, Duration.between(Instant.now(), expiresAt.plus(skew)).toMillis());
        Principal armedFor = socket.principal();
        ScheduledFuture<?> expiry = timer.schedule(
                () -> socket.executor().execute(() -> expire(socket, armedFor)), delay, TimeUnit.MILLISECONDS);
        socket.expiryTimer(expiry);
    }

    private void expire(SocketImpl socket, Principal armedFor) {
        if (!socket.connected() || socket.principal() != armedFor) {
            return; // gone, or refreshed since this timer was armed
        }
        log.info("session of user {} expired on socket {}", armedFor.userId(), socket.id());
        socket.emit(EXPIRED_EVENT, Map.of("id", EventIds.next(), "code", RefusalCode.TOKEN_EXPIRED.wireValue()));
        socket.connection().disconnectSocket(socket, "session expired", true);
    }

    /** Handles {@code session:refresh {token}} on the socket's callback thread. */
    void refresh(SocketImpl socket, EventContextImpl event) {
        if (verifier == null) {
            event.ack(ErrorAcks.error("forbidden", "this server has no authentication to refresh"));
            return;
        }
        Object arg = event.args().isEmpty() ? null : event.args().get(0);
        Object token = arg instanceof Map<?, ?> map ? map.get("token") : null;
        if (!(token instanceof String text) || text.isBlank()) {
            event.ack(ErrorAcks.error("invalid_payload", "session:refresh needs {token: string}"));
            return;
        }
        Principal next;
        try {
            next = verifier.verify(text);
        } catch (TokenRejectedException e) {
            log.debug("refused session refresh on socket {}: {} ({})", socket.id(), e.code().wireValue(), e.getMessage());
            event.ack(ErrorAcks.error(e.code().wireValue(), "token refused: " + e.code().wireValue()));
            return;
        }
        Principal current = socket.principal();
        if (next.expiresAt() == null && current.expiresAt() != null) {
            // whatever the verifier allows, a refresh never turns an expiring session into an endless one
            log.debug("refused session refresh on socket {}: {} (the token has no exp)", socket.id(),
                    RefusalCode.TOKEN_CLAIMS.wireValue());
            event.ack(ErrorAcks.error(RefusalCode.TOKEN_CLAIMS.wireValue(), "token refused: "
                    + RefusalCode.TOKEN_CLAIMS.wireValue() + " (no exp)"));
            return;
        }
        if (!next.userId().equals(current.userId())) {
            log.warn("socket {} of user {} tried to refresh with a token of another user", socket.id(), current.userId());
            event.ack(ErrorAcks.error("forbidden", "the token belongs to another user"));
            return;
        }
        socket.principal(next);
        schedule(socket);
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("ok", true);
        ack.put("expiresAt", next.expiresAt());
        event.ack(ack);
    }
}
