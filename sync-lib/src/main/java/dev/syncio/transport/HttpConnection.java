package dev.syncio.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP connection's life: one request at a time (reading pauses until it is answered, so a
 * pipelining client cannot pile requests up), and one deadline: a connection that is idle, or
 * whose next request has not arrived whole, for {@code pingInterval + pingTimeout} after it
 * opened or after its last answer started is closed. A request being answered (a long poll) has
 * no deadline here: its session answers it within one ping interval. Removed when the
 * connection becomes a WebSocket, whose liveness the heartbeat watches.
 */
final class HttpConnection extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

    private final RequestRouter router;
    private final long timeoutMs;
    private ScheduledFuture<?> deadline;
    private boolean busy;

    HttpConnection(RequestRouter router, long timeoutMs) {
        this.router = router;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (busy) {
            // HTTP pipelining: answers would have to be ordered across sessions; not supported
            log.debug("connection {} sent a request before the previous one was answered; closing it",
                    ctx.channel().remoteAddress());
            req.release();
            ctx.close();
            return;
        }
        disarm();
        busy = true;
        ctx.channel().config().setAutoRead(false);
        router.route(ctx, req);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse res) {
            // the deadline also covers a client that does not read its answer
            arm(ctx);
            boolean keepAlive = HttpUtil.isKeepAlive(res);
            ctx.write(msg, promise.unvoid()).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess() && keepAlive && ctx.channel().isActive()) {
                    busy = false;
                    arm(ctx);
                    ctx.channel().config().setAutoRead(true);
                    ctx.read();
                }
            });
            return;
        }
        ctx.write(msg, promise);
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        deadline = ctx.executor().schedule(() -> {
            deadline = null;
            log.debug("closing connection {}: no complete request or answer within {} ms",
                    ctx.channel().remoteAddress(), timeoutMs);
            ctx.close();
        }, timeoutMs, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
