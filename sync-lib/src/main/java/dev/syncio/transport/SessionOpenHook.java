package dev.syncio.transport;

import com.corundumstudio.socketio.handler.ClientHead;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Sits right after netty-socketio's handshake handler and registers each new session before its
 * transport is bound, so that no packet of the session can arrive before syncio knows it.
 */
@Sharable
final class SessionOpenHook extends ChannelInboundHandlerAdapter {

    private final Sessions sessions;
    private final EngineListener listener;

    SessionOpenHook(Sessions sessions, EngineListener listener) {
        this.sessions = sessions;
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest req) {
            QueryStringDecoder query = new QueryStringDecoder(req.uri());
            ClientHead head = ctx.channel().attr(ClientHead.CLIENT).get();
            if (!query.parameters().containsKey("sid") && head != null && sessions.get(head.getSessionId()) == null) {
                boolean raw = Boolean.TRUE.equals(ctx.channel().attr(HttpGuard.RAW).get());
                HandshakeCredentials credentials = ctx.channel().attr(HandshakeCredentials.KEY).get();
                EngineSession session = new EngineSession(head,
                        credentials == null ? HandshakeCredentials.NONE : credentials);
                session.sink(raw ? new RawEcho(session) : listener.onOpen(session));
                if ("websocket".equals(query.parameters().getOrDefault("transport", java.util.List.of("")).get(0))) {
                    session.webSocketChannel(ctx.channel());
                }
                sessions.add(session);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The raw Engine.IO endpoint: every message goes straight back to its sender. */
    private record RawEcho(EngineSession session) implements EngineListener.MessageSink {
        @Override
        public void onText(String text) {
            session.sendText(text);
        }

        @Override
        public void onBinary(byte[] data) {
            session.sendBinary(data);
        }

        @Override
        public void onClose(String reason) {
        }
    }
}
