package dev.syncio.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The frames of one WebSocket connection, handed to its session (on the session's loop, in the
 * order they arrived). Answers WebSocket pings and closes itself; tells the session when the
 * connection is gone or can take writes again.
 */
final class WebSocketConnection extends ChannelInboundHandlerAdapter {

    private final EngineSession session;

    WebSocketConnection(EngineSession session) {
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel channel = ctx.channel();
        try {
            if (msg instanceof TextWebSocketFrame text) {
                String packet = text.text();
                session.execute(() -> session.onWebSocketText(channel, packet));
            } else if (msg instanceof BinaryWebSocketFrame binary) {
                byte[] data = ByteBufUtil.getBytes(binary.content());
                session.execute(() -> session.onWebSocketBinary(channel, data));
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame close) {
                // echoed, as RFC 6455 asks; the connection ends once it is written
                ctx.writeAndFlush(close.retain()).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        if (channel.isWritable()) {
            session.execute(() -> session.onWritable(channel));
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        session.execute(() -> session.onWebSocketClosed(channel));
        super.channelInactive(ctx);
    }
}
