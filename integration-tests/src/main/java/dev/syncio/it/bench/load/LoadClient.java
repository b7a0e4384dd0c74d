package dev.syncio.it.bench.load;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.CompletableFuture;

/**
 * One simulated user on one WebSocket: Engine.IO open, Socket.IO CONNECT with the token, then
 * {@code join_conversation} with an ack. {@link #ready()} completes when the join is acked (or
 * when CONNECT is accepted, for a client without a conversation) and fails on any refusal or
 * early close. Afterwards it answers pings and hands each {@code message:new} to the group's
 * current {@link DeliverySink}. All its state is touched only on its channel's event loop.
 */
public final class LoadClient extends SimpleChannelInboundHandler<TextWebSocketFrame> {

    private final int index;
    private final String token;
    private final String conversationId;
    private final LoadGroup group;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile CompletableFuture<String> statsAck;
    private volatile Channel channel;
    private volatile boolean closing;

    LoadClient(int index, String token, String conversationId, LoadGroup group) {
        this.index = index;
        this.token = token;
        this.conversationId = conversationId;
        this.group = group;
    }

    /** The client's number in its group, 0-based. */
    public int index() {
        return index;
    }

    /** The conversation it joins, or {@code null}. */
    public String conversationId() {
        return conversationId;
    }

    /** Completes once connected and joined; fails with the reason otherwise. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    Channel channel() {
        return channel;
    }

    /** The event loop this client's channel runs on: schedule its sends here to keep them ordered and lock-free. */
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    /** Writes a Socket.IO packet; safe from any thread (Netty hands it to the event loop). */
    public void write(String packet) {
        Channel ch = channel;
        if (ch != null) {
            ch.writeAndFlush(new TextWebSocketFrame(packet), ch.voidPromise());
        }
    }

    /** Sends {@code send_message}; call on this client's event loop or any thread. */
    public void sendMessage(int messageIndex) {
        write(Frames.send(conversationId, messageIndex, System.nanoTime()));
    }

    /** Asks the server for {@code bench:stats}; completes with the heap in use after a GC, in bytes. */
    public CompletableFuture<Long> requestHeapUsed() {
        CompletableFuture<String> ack = new CompletableFuture<>();
        statsAck = ack;
        write(Frames.stats());
        return ack.thenApply(frame -> Frames.numberField(frame, "heapUsed"));
    }

    /** Closes the connection without counting it as an error. */
    public void close() {
        closing = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        String text = frame.text();
        if (text.startsWith(Frames.MESSAGE_NEW_PREFIX)) {
            long now = System.nanoTime();
            group.sink().delivered(this, Frames.messageIndex(text), Frames.sentAt(text), now);
            return;
        }
        if (text.equals(Frames.PING)) {
            ctx.writeAndFlush(new TextWebSocketFrame(Frames.PONG), ctx.voidPromise());
        } else if (text.startsWith("0")) {
            ctx.writeAndFlush(new TextWebSocketFrame(Frames.connect(token)), ctx.voidPromise());
        } else if (text.startsWith("40")) {
            if (conversationId == null) {
                ready.complete(null);
            } else {
                ctx.writeAndFlush(new TextWebSocketFrame(Frames.join(conversationId)), ctx.voidPromise());
            }
        } else if (text.startsWith("44")) {
            fail("connect refused: " + text);
        } else if (text.startsWith("43" + Frames.JOIN_ACK + "[")) {
            if (text.contains("\"ok\":true")) {
                ready.complete(null);
            } else {
                fail("join refused: " + text);
            }
        } else if (text.startsWith("43" + Frames.STATS_ACK + "[")) {
            CompletableFuture<String> ack = statsAck;
            if (ack != null) {
                ack.complete(text);
            }
        } else if (text.startsWith("41") || text.startsWith("1")) {
            fail("closed by the server: " + text);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closing) {
            // a client that never got ready is already counted as a failed connect
            if (ready.isDone() && !ready.isCompletedExceptionally()) {
                group.unexpectedClose(this);
            }
            fail("connection closed");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause.toString());
        ctx.close();
    }

    void fail(String reason) {
        if (ready.completeExceptionally(new IllegalStateException("client " + index + ": " + reason))) {
            return;
        }
        CompletableFuture<String> ack = statsAck;
        if (ack != null) {
            ack.completeExceptionally(new IllegalStateException(reason));
        }
    }
}
