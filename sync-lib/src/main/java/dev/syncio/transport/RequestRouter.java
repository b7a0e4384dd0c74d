package dev.syncio.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what each HTTP request is and hands it on: refusals with the reference server's
 * status and {@code {code, message}} body (wrong path, foreign origin, missing or unsupported
 * {@code EIO}, JSONP, unknown transport, wrong method, unknown session, anything but an RFC 6455
 * WebSocket), CORS preflights, handshakes (which create sessions), and the requests of existing
 * sessions (which hop to the session's loop). Each refusal is one DEBUG line, never a stack trace.
 */
final class RequestRouter {

    private static final Logger log = LoggerFactory.getLogger(RequestRouter.class);

    static final String ERROR_TAIL = "errorTail";

    private final EngineContext context;
    private final String connectPath;
    private final String echoPath;
    private final Set<String> allowedOrigins;
    private final WebSocketDecoderConfig webSocketConfig;
    private final AddressLimits addressLimits;
    private final ClientAddress clientAddress;

    RequestRouter(EngineContext context) {
        this.context = context;
        EngineOptions o = context.options();
        this.connectPath = o.connectPath();
        this.echoPath = o.echoPath();
        this.allowedOrigins = o.allowedOrigins();
        this.webSocketConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(o.maxPayload())
                .allowExtensions(o.webSocketCompressionThreshold() >= 0)
                .closeOnProtocolViolation(true)
                .build();
        this.addressLimits = new AddressLimits(o.maxConnectionsPerAddress(), o.maxHandshakesPerSecondPerAddress());
        this.clientAddress = new ClientAddress(o.trustedProxies());
    }

    /**
     * Admits a new connection under the connections-per-address limit; false when it must be
     * closed at once. An admitted connection is counted until it closes.
     */
    boolean admit(Channel channel) {
        java.net.InetAddress address = channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (clientAddress.trusted(address)) {
            return true; // a proxy's connections carry many clients: limited at the proxy
        }
        if (!addressLimits.tryOpen(address)) {
            context.sessions().refused("connections_per_address");
            log.debug("closed a connection from {}: connections_per_address (limit {})", channel.remoteAddress(),
                    context.options().maxConnectionsPerAddress());
            return false;
        }
        if (context.options().maxConnectionsPerAddress() > 0) {
            channel.closeFuture().addListener(f -> addressLimits.closed(address));
        }
        return true;
    }

    /** Handles one request; owns it (releases it on every path). */
    void route(ChannelHandlerContext ctx, FullHttpRequest req) {
        try {
            route(ctx.channel(), req);
        } catch (RuntimeException e) {
            log.debug("refused a malformed request from {}: {}", ctx.channel().remoteAddress(), e.toString());
            HttpResponses.error(new HttpExchange(ctx.channel(), false, null), EngineError.BAD_REQUEST);
        } finally {
            req.release();
        }
    }

    private void route(Channel channel, FullHttpRequest req) {
        HttpExchange exchange = new HttpExchange(channel, HttpUtil.isKeepAlive(req), null);
        if (req.decoderResult().isFailure()) {
            Throwable cause = req.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
            log.debug("refused a request from {} that could not be decoded: {}", channel.remoteAddress(), cause.toString());
            HttpResponses.status(exchange, status);
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        String path = query.path();
        boolean raw = echoPath != null && (path.equals(echoPath) || (path + "/").equals(echoPath));
        if (!raw && !path.equals(connectPath) && !(path + "/").equals(connectPath)) {
            refuse(exchange, EngineError.NOT_FOUND, "path");
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null) {
            if (!allowedOrigins.contains(origin)) {
                refuse(exchange, EngineError.FORBIDDEN, "origin not in allowedOrigins");
                return;
            }
            exchange = exchange.withOrigin(origin);
        }
        if (req.method() == HttpMethod.OPTIONS) {
            if (origin == null) {
                refuse(exchange, EngineError.BAD_REQUEST, "preflight without an origin");
            } else {
                HttpResponses.preflight(exchange, req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS));
            }
            return;
        }
        if (!"4".equals(single(query, "EIO"))) {
            refuse(exchange, EngineError.UNSUPPORTED_PROTOCOL_VERSION, "EIO");
            return;
        }
        if (query.parameters().containsKey("j")) {
            refuse(exchange, EngineError.BAD_REQUEST, "JSONP (Engine.IO v3)");
            return;
        }
        String transport = single(query, "transport");
        boolean webSocket = "websocket".equals(transport);
        if (!(webSocket && context.options().websocket()) && !("polling".equals(transport) && context.options().polling())) {
            refuse(exchange, EngineError.UNKNOWN_TRANSPORT, "transport");
            return;
        }
        String sid = single(query, "sid");
        if (sid == null) {
            if (req.method() != HttpMethod.GET) {
                refuse(exchange, EngineError.BAD_HANDSHAKE_METHOD, "handshake method");
            } else if (context.sessions().draining()) {
                refuse(exchange, EngineError.SHUTTING_DOWN, "server shutting down");
            } else if (!addressLimits.tryHandshake(client(channel, req).getAddress())) {
                context.sessions().refused("handshakes_per_second");
                refuse(exchange, EngineError.TOO_MANY_REQUESTS, "handshakes_per_second (limit "
                        + context.options().maxHandshakesPerSecondPerAddress() + ")");
            } else if (webSocket) {
                webSocket(channel, req, exchange, query, null, raw);
            } else {
                pollingHandshake(channel, req, exchange, query, raw);
            }
            return;
        }
        EngineSession session = context.sessions().get(sid);
        if (session == null) {
            refuse(exchange, EngineError.UNKNOWN_SID, "unknown sid");
        } else if (webSocket) {
            webSocket(channel, req, exchange, query, session, raw);
        } else if (req.method() == HttpMethod.GET) {
            HttpExchange poll = exchange;
            session.execute(() -> session.onPoll(poll));
        } else if (req.method() == HttpMethod.POST) {
            HttpExchange post = exchange;
            String payload = utf8OrNull(req.content());
            if (payload == null) {
                log.debug("refused a polling body from {} for session {}: not valid UTF-8", channel.remoteAddress(), sid);
            }
            session.execute(() -> session.onPost(post, payload));
        } else {
            refuse(exchange, EngineError.BAD_REQUEST, "method");
        }
    }

    /** The body as text, or null when it is not valid UTF-8 (never replaced with U+FFFD). */
    private static String utf8OrNull(io.netty.buffer.ByteBuf body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(body.nioBuffer())
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private void pollingHandshake(Channel channel, FullHttpRequest req, HttpExchange exchange, QueryStringDecoder query,
                                  boolean raw) {
        EngineSession session = newSession(channel, req, query, false);
        open(session, raw);
        HttpResponses.payload(exchange, session.openPacket().text());
    }

    /** The client's address: the peer's, or the one a trusted proxy forwarded. */
    private InetSocketAddress client(Channel channel, HttpRequest req) {
        return clientAddress.of((InetSocketAddress) channel.remoteAddress(), req.headers().get("X-Forwarded-For"));
    }

    private EngineSession newSession(Channel channel, FullHttpRequest req, QueryStringDecoder query, boolean webSocket) {
        return new EngineSession(context.sessions().newId(), channel.eventLoop(), context,
                HandshakeCredentials.of(req, query), client(channel, req), webSocket);
    }

    private void open(EngineSession session, boolean raw) {
        session.open(raw ? new RawEcho(session) : context.listener().onOpen(session));
        context.sessions().add(session);
    }

    /**
     * A WebSocket: a new session ({@code session} null), or the upgrade of an existing one, which
     * the session itself admits on its loop (one upgrade at a time, only from polling).
     */
    private void webSocket(Channel channel, FullHttpRequest req, HttpExchange exchange, QueryStringDecoder query,
                           EngineSession session, boolean raw) {
        if (req.method() != HttpMethod.GET
                || !"websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))
                || !"13".equals(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))
                || req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY) == null) {
            refuse(exchange, EngineError.BAD_REQUEST, "not an RFC 6455 WebSocket handshake");
            return;
        }
        // the handshake may complete on another thread: keep the headers, not the request's buffer
        FullHttpRequest handshake = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, req.uri(),
                Unpooled.EMPTY_BUFFER, req.headers().copy(), EmptyHttpHeaders.INSTANCE);
        boolean closeFrames = !isOkHttp(req);
        if (session == null) {
            EngineSession created = newSession(channel, req, query, true);
            accept(channel, handshake, created, () -> {
                created.attachWebSocket(channel, closeFrames);
                open(created, raw);
                created.enqueue(created.openPacket());
            });
            return;
        }
        session.execute(() -> {
            if (session.reserveUpgrade(channel, closeFrames)) {
                channel.eventLoop().execute(() -> accept(channel, handshake, session, null));
            } else if (session.isClosed()) {
                refuse(exchange, EngineError.UNKNOWN_SID, "upgrade of a closed session");
            } else {
                // already upgraded, or another upgrade under way: as the reference server does, the
                // WebSocket is accepted and closed at once, so the client sees a close, not an error
                log.debug("session {}: second WebSocket refused", session.id());
                channel.eventLoop().execute(() -> acceptAndClose(channel, handshake));
            }
        });
    }

    /** Turns the connection into the session's WebSocket; {@code opened} runs once the 101 is written. */
    private void accept(Channel channel, FullHttpRequest handshake, EngineSession session, Runnable opened) {
        ChannelPipeline pipeline = channel.pipeline();
        if (!channel.isActive() || pipeline.get(HttpConnection.class) == null) {
            session.execute(() -> session.onWebSocketClosed(channel));
            return;
        }
        pipeline.remove(HttpConnection.class);
        pipeline.addBefore(ERROR_TAIL, "wsAggregator", new WebSocketFrameAggregator(context.options().maxPayload()));
        pipeline.addBefore(ERROR_TAIL, "wsConnection", new WebSocketConnection(session));
        handshaker(handshake).handshake(channel, handshake).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                channel.close();
                return;
            }
            channel.config().setAutoRead(true);
            if (opened != null) {
                opened.run();
            }
        });
    }

    private void acceptAndClose(Channel channel, FullHttpRequest handshake) {
        if (!channel.isActive() || channel.pipeline().get(HttpConnection.class) == null) {
            return;
        }
        channel.pipeline().remove(HttpConnection.class);
        handshaker(handshake).handshake(channel, handshake).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.close();
            }
        });
    }

    private WebSocketServerHandshaker handshaker(FullHttpRequest handshake) {
        String location = "ws://" + handshake.headers().get(HttpHeaderNames.HOST) + connectPath;
        return new WebSocketServerHandshaker13(location, null, webSocketConfig);
    }

    private static boolean isOkHttp(FullHttpRequest req) {
        String agent = req.headers().get(HttpHeaderNames.USER_AGENT);
        return agent != null && agent.startsWith("okhttp/");
    }

    private static void refuse(HttpExchange exchange, EngineError error, String why) {
        log.debug("refused a request from {}: {} ({})", exchange.channel().remoteAddress(), error.message, why);
        HttpResponses.error(exchange, error);
    }

    private static String single(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
