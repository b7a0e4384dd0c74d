package dev.syncio.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * The credentials of a handshake request: its {@code Authorization} header and {@code token}
 * query parameter, kept for the authenticator at CONNECT. The transport never logs a request's
 * headers or query.
 *
 * @param authorization the {@code Authorization} header, or null
 * @param queryToken    the {@code token} query parameter, or null
 */
public record HandshakeCredentials(String authorization, String queryToken) {

    /** None: a request without credentials. */
    public static final HandshakeCredentials NONE = new HandshakeCredentials(null, null);

    /** The credentials of a handshake request. */
    static HandshakeCredentials of(HttpRequest req, QueryStringDecoder query) {
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        List<String> tokens = query.parameters().get("token");
        String token = tokens == null || tokens.isEmpty() ? null : tokens.get(0);
        return authorization == null && token == null ? NONE : new HandshakeCredentials(authorization, token);
    }

    /** Hides the values from logs. */
    @Override
    public String toString() {
        return "HandshakeCredentials[authorization=" + (authorization == null ? "none" : "***")
                + ", queryToken=" + (queryToken == null ? "none" : "***") + "]";
    }
}
