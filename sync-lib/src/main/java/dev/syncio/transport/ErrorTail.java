package dev.syncio.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last inbound handler: a connection whose input could not be handled (oversized frame, broken
 * request, a body cut short, reset by peer) is logged once at DEBUG and closed, instead of Netty's
 * "reached the tail" warning; only errors that are syncio's own are logged as warnings.
 */
@Sharable
final class ErrorTail extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ErrorTail.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException
                || (cause instanceof CorruptedWebSocketFrameException corrupted
                        && WebSocketCloseStatus.MESSAGE_TOO_BIG.equals(corrupted.closeStatus()))) {
            log.debug("closing connection {}: input larger than maxPayload: {}",
                    ctx.channel().remoteAddress(), cause.toString());
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            // invalid UTF-8 in a text frame, a bad opcode or close code: not a size problem
            log.debug("closing connection {}: malformed WebSocket frame: {}",
                    ctx.channel().remoteAddress(), cause.toString());
        } else if (cause instanceof IOException || cause instanceof CodecException) {
            // the client's doing (reset, garbage, a request cut short): one line, no stack trace
            log.debug("closing connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("closing connection {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
