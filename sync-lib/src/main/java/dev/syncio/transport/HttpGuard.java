package dev.syncio.transport;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.ClientsBox;
import com.corundumstudio.socketio.handler.EncoderHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every HTTP request before netty-socketio sees it, and answers the ones the Engine.IO
 * protocol refuses with the reference server's status and {@code {code, message}} body:
 * wrong path, foreign origin, missing or unsupported {@code EIO}, unknown transport, wrong method,
 * unknown session id, polling or a second WebSocket after upgrade, and overlapping polls.
 * It also answers CORS preflights for allow-listed origins.
 */
@Sharable
final class HttpGuard extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HttpGuard.class);

    /** Set on a handshake request to the raw Engine.IO echo path. */
    static final AttributeKey<Boolean> RAW = AttributeKey.valueOf("syncio.raw");

    /** What {@link #check} decided: pass the request on, refuse it, or it was answered already. */
    private record Verdict(EngineError error, boolean answered) {
        static final Verdict PASS = new Verdict(null, false);
        static final Verdict ANSWERED = new Verdict(null, true);

        static Verdict refuse(EngineError error) {
            return new Verdict(error, false);
        }
    }

    private final String connectPath;
    private final String echoPath;
    private final Set<String> allowedOrigins;
    private final Set<Transport> transports;
    private final ClientsBox clients;
    private final Sessions sessions;

    HttpGuard(String connectPath, String echoPath, Set<String> allowedOrigins, Set<Transport> transports,
              ClientsBox clients, Sessions sessions) {
        this.connectPath = connectPath;
        this.echoPath = echoPath;
        this.allowedOrigins = allowedOrigins;
        this.transports = transports;
        this.clients = clients;
        this.sessions = sessions;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Channel channel = ctx.channel();
        if (log.isTraceEnabled()) {
            log.trace("{} {} {} ({} bytes)", channel.id().asShortText(), req.method(),
                    new QueryStringDecoder(req.uri()).path(), req.content().readableBytes());
        }
        // a kept-alive connection serves one request after another: reset per-request state
        channel.attr(EncoderHandler.WRITE_ONCE).set(null);
        channel.attr(EngineEncoder.CORS_ORIGIN).set(null);
        channel.attr(RAW).set(null);
        channel.attr(EngineEncoder.KEEP_ALIVE).set(HttpUtil.isKeepAlive(req));
        channel.attr(HandshakeCredentials.KEY).set(HandshakeCredentials.strip(req));
        try {
            Verdict verdict = check(ctx, req);
            if (verdict.answered()) {
                req.release();
                return;
            }
            if (verdict.error() != null) {
                reject(channel, verdict.error());
                req.release();
                return;
            }
        } catch (RuntimeException e) {
            log.debug("refused malformed request: {}", e.toString());
            reject(channel, EngineError.BAD_REQUEST);
            req.release();
            return;
        }
        if (req.method() == HttpMethod.OPTIONS) {
            preflight(channel, req);
            req.release();
            return;
        }
        ctx.fireChannelRead(req);
    }

    /** Decides what happens to one request. */
    private Verdict check(ChannelHandlerContext ctx, FullHttpRequest req) {
        Channel channel = ctx.channel();
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        String path = query.path();
        if (echoPath != null && (path.equals(echoPath) || (path + "/").equals(echoPath))) {
            channel.attr(RAW).set(true);
            req.setUri(connectPath + req.uri().substring(req.uri().indexOf(path) + path.length()));
        } else if (!path.equals(connectPath) && !(path + "/").equals(connectPath)) {
            return Verdict.refuse(EngineError.NOT_FOUND);
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null) {
            if (!allowedOrigins.contains(origin)) {
                log.debug("refused request from origin {} (not in allowedOrigins)", origin);
                return Verdict.refuse(EngineError.FORBIDDEN);
            }
            channel.attr(EngineEncoder.CORS_ORIGIN).set(origin);
        }
        if (req.method() == HttpMethod.OPTIONS) {
            return origin == null ? Verdict.refuse(EngineError.BAD_REQUEST) : Verdict.PASS;
        }
        if (!"4".equals(single(query, "EIO"))) {
            return Verdict.refuse(EngineError.UNSUPPORTED_PROTOCOL_VERSION);
        }
        Transport transport = transport(single(query, "transport"));
        if (transport == null || !transports.contains(transport)) {
            return Verdict.refuse(EngineError.UNKNOWN_TRANSPORT);
        }
        boolean upgradeRequest = "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE));
        String sid = single(query, "sid");
        if (sid == null) {
            if (req.method() != HttpMethod.GET) {
                return Verdict.refuse(EngineError.BAD_HANDSHAKE_METHOD);
            }
            if (transport == Transport.WEBSOCKET && !upgradeRequest) {
                return Verdict.refuse(EngineError.BAD_REQUEST);
            }
            return Verdict.PASS;
        }
        if (channel.attr(RAW).get() != null) {
            channel.attr(RAW).set(null); // only the handshake decides whether a session is raw
        }
        UUID id = parseUuid(sid);
        ClientHead head = id == null ? null : clients.get(id);
        EngineSession session = id == null ? null : sessions.get(id);
        if (head == null || session == null || session.isClosed()) {
            return Verdict.refuse(EngineError.UNKNOWN_SID);
        }
        if (transport == Transport.WEBSOCKET) {
            if (!upgradeRequest || req.method() != HttpMethod.GET) {
                return Verdict.refuse(EngineError.BAD_REQUEST);
            }
            if (head.getCurrentTransport() == Transport.WEBSOCKET || session.webSocketChannel() != null) {
                // already upgraded, or an upgrade under way: the reference server accepts the
                // WebSocket and closes it at once, so the client sees a close, not an HTTP error
                acceptAndClose(channel, req);
                return Verdict.ANSWERED;
            }
            return Verdict.PASS;
        }
        if (head.getCurrentTransport() == Transport.WEBSOCKET) {
            return Verdict.refuse(EngineError.BAD_REQUEST); // polling after upgrade
        }
        if (req.method() == HttpMethod.GET) {
            Channel pending = session.claimPendingPoll(channel);
            if (pending != null) {
                log.debug("session {} sent overlapping polls; closing it", id);
                // closed on the waiting poll's event loop: that poll is then bound for sure and
                // gets the CLOSE packet, instead of reaching netty-socketio after the session is gone
                pending.eventLoop().execute(() -> session.close("multiple pending polls"));
                return Verdict.refuse(EngineError.BAD_REQUEST);
            }
            return Verdict.PASS;
        }
        if (req.method() == HttpMethod.POST) {
            return Verdict.PASS;
        }
        return Verdict.refuse(EngineError.BAD_REQUEST);
    }

    private void acceptAndClose(Channel channel, FullHttpRequest req) {
        String location = "ws://" + req.headers().get(HttpHeaderNames.HOST) + req.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location, null, true).newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        handshaker.handshake(channel, req).addListener(f -> handshaker.close(channel, new CloseWebSocketFrame()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ClientHead head = clients.get(ctx.channel());
        if (head != null) {
            EngineSession session = sessions.get(head.getSessionId());
            if (session != null) {
                session.releasePendingPoll(ctx.channel());
            }
        }
        super.channelInactive(ctx);
    }

    private void preflight(Channel channel, FullHttpRequest req) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        EngineEncoder.addCors(channel, res);
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
        String requested = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                requested != null ? requested : "authorization, content-type");
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        EngineEncoder.send(channel, res, null);
    }

    private static void reject(Channel channel, EngineError error) {
        EngineEncoder.writeError(channel, error, null);
    }

    private static String single(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Transport transport(String name) {
        if ("polling".equals(name)) {
            return Transport.POLLING;
        }
        if ("websocket".equals(name)) {
            return Transport.WEBSOCKET;
        }
        return null;
    }

    private static UUID parseUuid(String sid) {
        try {
            UUID id = UUID.fromString(sid);
            return id.toString().equals(sid) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
