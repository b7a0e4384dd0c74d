package dev.syncio.transport;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.Map;

/**
 * The credentials of a handshake request: its {@code Authorization} header and {@code token}
 * query parameter. {@link HttpGuard} takes them out of every request before netty-socketio sees
 * it, because netty-socketio logs the handshake's headers and query at DEBUG; syncio's
 * authenticator reads them from here instead.
 *
 * @param authorization the {@code Authorization} header, or null
 * @param queryToken    the {@code token} query parameter, or null
 */
public record HandshakeCredentials(String authorization, String queryToken) {

    static final AttributeKey<HandshakeCredentials> KEY = AttributeKey.valueOf("syncio.credentials");

    /** None: a request without credentials. */
    public static final HandshakeCredentials NONE = new HandshakeCredentials(null, null);

    /** Removes the credentials from {@code req} (header, query parameter, cookies) and returns them. */
    static HandshakeCredentials strip(FullHttpRequest req) {
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        req.headers().remove(HttpHeaderNames.AUTHORIZATION);
        req.headers().remove(HttpHeaderNames.COOKIE); // syncio does not use cookies; keep them out of logs too
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        String token = null;
        if (query.parameters().containsKey("token")) {
            List<String> values = query.parameters().get("token");
            token = values.isEmpty() ? null : values.get(0);
            QueryStringEncoder rebuilt = new QueryStringEncoder(query.rawPath());
            for (Map.Entry<String, List<String>> param : query.parameters().entrySet()) {
                if (!param.getKey().equals("token")) {
                    for (String value : param.getValue()) {
                        rebuilt.addParam(param.getKey(), value);
                    }
                }
            }
            req.setUri(rebuilt.toString());
        }
        return authorization == null && token == null ? NONE : new HandshakeCredentials(authorization, token);
    }

    /** Hides the values from logs. */
    @Override
    public String toString() {
        return "HandshakeCredentials[authorization=" + (authorization == null ? "none" : "***")
                + ", queryToken=" + (queryToken == null ? "none" : "***") + "]";
    }
}
