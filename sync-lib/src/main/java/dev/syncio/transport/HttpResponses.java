package dev.syncio.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Writes the answers of the Engine.IO HTTP endpoints: polling payloads, {@code ok}, errors with
 * the reference server's {@code {code, message}} body, preflights. Each answer says and does what
 * its exchange decided: the connection stays open for the next request, or closes once written.
 */
final class HttpResponses {

    private static final String TEXT = "text/plain; charset=UTF-8";

    private HttpResponses() {
    }

    /** A polling payload (or the OPEN packet) as {@code 200 text/plain}. */
    static ChannelFuture payload(HttpExchange exchange, ByteBuf body) {
        return send(exchange, HttpResponseStatus.OK, TEXT, body);
    }

    /** The answer to a polling POST. */
    static ChannelFuture ok(HttpExchange exchange) {
        return send(exchange, HttpResponseStatus.OK, "text/html", Unpooled.wrappedBuffer(OK));
    }

    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    /** An Engine.IO error; the connection is closed after it, since the client misbehaved. */
    static ChannelFuture error(HttpExchange exchange, EngineError error) {
        HttpExchange closing = exchange.closing();
        return send(closing, error.status, "application/json",
                Unpooled.wrappedBuffer(error.json().getBytes(StandardCharsets.UTF_8)));
    }

    /** A plain HTTP status with no Engine.IO meaning (413, 431, 414), then close. */
    static ChannelFuture status(HttpExchange exchange, HttpResponseStatus status) {
        HttpExchange closing = exchange.closing();
        return send(closing, status, TEXT, Unpooled.wrappedBuffer(status.reasonPhrase().getBytes(StandardCharsets.US_ASCII)));
    }

    /** A CORS preflight for an allow-listed origin. */
    static ChannelFuture preflight(HttpExchange exchange, String requestedHeaders) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                requestedHeaders != null ? requestedHeaders : "authorization, content-type");
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        return write(exchange, res);
    }

    private static ChannelFuture send(HttpExchange exchange, HttpResponseStatus status, String contentType, ByteBuf body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return write(exchange, res);
    }

    private static ChannelFuture write(HttpExchange exchange, FullHttpResponse res) {
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        String origin = exchange.corsOrigin();
        if (origin != null) {
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            res.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
        boolean keepAlive = exchange.keepAlive();
        res.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        ChannelFuture written = exchange.channel().writeAndFlush(res);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }
}
