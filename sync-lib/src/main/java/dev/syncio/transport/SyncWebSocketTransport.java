package dev.syncio.transport;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.handler.AuthorizeHandler;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.ClientsBox;
import com.corundumstudio.socketio.scheduler.CancelableScheduler;
import com.corundumstudio.socketio.transport.WebSocketTransport;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.UUID;

/**
 * netty-socketio's WebSocket transport (handshake, binding, upgrade timeout) with syncio reading
 * the frames itself, because netty-socketio loses whether a frame was text or binary.
 */
@Sharable
final class SyncWebSocketTransport extends WebSocketTransport {

    private final ClientsBox clients;
    private final Sessions sessions;
    private final EngineInbound inbound;

    SyncWebSocketTransport(boolean ssl, AuthorizeHandler authorizeHandler, Configuration configuration,
                           CancelableScheduler scheduler, ClientsBox clients, Sessions sessions, EngineInbound inbound) {
        super(ssl, authorizeHandler, configuration, scheduler, clients);
        this.clients = clients;
        this.sessions = sessions;
        this.inbound = inbound;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
            WebSocketFrame frame = (WebSocketFrame) msg;
            try {
                ClientHead head = clients.get(ctx.channel());
                if (head == null) {
                    ctx.channel().close();
                    return;
                }
                inbound.onWebSocketFrame(head, frame.content(), frame instanceof BinaryWebSocketFrame);
            } finally {
                frame.release();
            }
            return;
        }
        if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
            return;
        }
        if (msg instanceof FullHttpRequest req) {
            // an upgrade of an existing session: remember its WebSocket so a second one is refused
            List<String> sid = new QueryStringDecoder(req.uri()).parameters().get("sid");
            if (sid != null && !sid.isEmpty()) {
                EngineSession session = sessions.get(UUID.fromString(sid.get(0)));
                if (session != null) {
                    session.webSocketChannel(ctx.channel());
                }
            }
        }
        super.channelRead(ctx, msg);
    }
}
