package dev.syncio.transport;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.messages.HttpErrorMessage;
import com.corundumstudio.socketio.messages.OutPacketMessage;
import com.corundumstudio.socketio.messages.XHROptionsMessage;
import com.corundumstudio.socketio.messages.XHRPostMessage;
import com.corundumstudio.socketio.protocol.AuthPacket;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.CharsetUtil;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;

/**
 * Writes Engine.IO v4 to the wire. Replaces netty-socketio's {@code EncoderHandler}, which sends
 * v3 binary framing over polling, a stray {@code 0x04} before WebSocket attachments (its #940),
 * no {@code maxPayload} in the OPEN packet, "keep-alive" on responses it then closes, and CORS
 * headers for any origin.
 */
@Sharable
final class EngineEncoder extends ChannelOutboundHandlerAdapter {

    /** Set by {@link HttpGuard} when the request's Origin is allow-listed. */
    static final AttributeKey<String> CORS_ORIGIN = AttributeKey.valueOf("syncio.corsOrigin");
    /** Set by {@link HttpGuard}: whether the connection may be reused after this response. */
    static final AttributeKey<Boolean> KEEP_ALIVE = AttributeKey.valueOf("syncio.keepAlive");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EngineEncoder.class);

    /** The promise of a POST's answer while its body is being read. */
    private static final AttributeKey<ChannelPromise> POST_REPLY = AttributeKey.valueOf("syncio.postReply");

    /** Answers a pending POST: {@code ok}, or 400 when its payload was invalid. No-op when already answered. */
    static void answerPost(Channel channel, boolean valid) {
        ChannelPromise promise = channel.attr(POST_REPLY).getAndSet(null);
        if (promise == null) {
            return;
        }
        if (valid) {
            writeHttp(channel, HttpResponseStatus.OK, "text/html", "ok", promise);
        } else {
            writeError(channel, EngineError.BAD_REQUEST, promise);
        }
    }

    private static final char RECORD_SEPARATOR = '\u001e';

    private final int maxPayload;
    private final Sessions sessions;

    EngineEncoder(int maxPayload, Sessions sessions) {
        this.maxPayload = maxPayload;
        this.sessions = sessions;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof OutPacketMessage out) {
            if (out.getTransport() == Transport.WEBSOCKET) {
                writeWebSocket(ctx, out.getClientHead(), promise);
            } else {
                writePoll(ctx, out.getClientHead(), promise);
            }
        } else if (msg instanceof XHRPostMessage) {
            // netty-socketio answers a POST before its body is read; the answer waits until
            // PollingPayloadHandler knows whether the body was valid (or, for a POST without a
            // body to read, until the current read is over)
            Channel channel = ctx.channel();
            channel.attr(POST_REPLY).set(promise);
            ctx.executor().execute(() -> answerPost(channel, true));
        } else if (msg instanceof XHROptionsMessage) {
            writeHttp(ctx.channel(), HttpResponseStatus.OK, "text/plain; charset=UTF-8", "", promise);
        } else if (msg instanceof HttpErrorMessage) {
            writeError(ctx.channel(), EngineError.UNKNOWN_TRANSPORT, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    private void writeWebSocket(ChannelHandlerContext ctx, ClientHead head, ChannelPromise promise) {
        Queue<Packet> queue = head.getPacketsQueue(Transport.WEBSOCKET);
        Channel channel = ctx.channel();
        boolean close = false;
        ChannelFuture last = null;
        Packet packet;
        while ((packet = queue.poll()) != null) {
            if (packet instanceof OutFrames frames) {
                if (frames.text() != null) {
                    last = channel.write(new TextWebSocketFrame("4" + frames.text()));
                }
                for (byte[] binary : frames.binaries()) {
                    // Engine.IO v4: binary travels as a raw binary frame, no type byte
                    last = channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(binary)));
                }
            } else {
                String text = engineText(packet, head);
                if (text != null) {
                    last = channel.write(new TextWebSocketFrame(text));
                }
                close |= packet.getType() == PacketType.CLOSE;
            }
        }
        channel.flush();
        // the promise completes when the frames are on the socket, so senders can wait for that
        if (last == null) {
            promise.trySuccess();
        } else {
            last.addListener(f -> {
                if (f.isSuccess()) {
                    promise.trySuccess();
                } else {
                    promise.tryFailure(f.cause());
                }
            });
        }
        if (close) {
            channel.close();
        }
    }

    private void writePoll(ChannelHandlerContext ctx, ClientHead head, ChannelPromise promise) {
        Channel channel = ctx.channel();
        Queue<Packet> queue = head.getPacketsQueue(Transport.POLLING);
        if (!channel.isActive() || queue.isEmpty() || !channel.attr(EncoderHandler.WRITE_ONCE).compareAndSet(null, true)) {
            promise.trySuccess();
            return;
        }
        StringBuilder payload = new StringBuilder();
        List<String> parts = new ArrayList<>();
        Packet packet;
        int size = 0;
        while (size < maxPayload && (packet = queue.poll()) != null) {
            int before = parts.size();
            if (packet instanceof OutFrames frames) {
                if (frames.text() != null) {
                    parts.add("4" + frames.text());
                }
                for (byte[] binary : frames.binaries()) {
                    parts.add("b" + Base64.getEncoder().encodeToString(binary));
                }
            } else {
                String text = engineText(packet, head);
                if (text != null) {
                    parts.add(text);
                }
            }
            for (int i = before; i < parts.size(); i++) {
                size += parts.get(i).length() + 1;
            }
        }
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                payload.append(RECORD_SEPARATOR);
            }
            payload.append(parts.get(i));
        }
        EngineSession session = sessions.get(head.getSessionId());
        if (session != null) {
            session.releasePendingPoll(channel);
        }
        // a poll is answered once: unbind the connection, or a kept-alive connection reused for a
        // POST would receive the session's next packets as an unsolicited second response
        head.releasePollingChannel(channel);
        writeHttp(channel, HttpResponseStatus.OK, "text/plain; charset=UTF-8", payload.toString(), promise);
    }

    /** The text of one of netty-socketio's own packets, or null when it must not reach the client. */
    private String engineText(Packet packet, ClientHead head) {
        switch (packet.getType()) {
            case OPEN: {
                AuthPacket open = packet.getData();
                return "0{\"sid\":\"" + open.getSid() + "\",\"upgrades\":" + upgrades(open.getUpgrades())
                        + ",\"pingInterval\":" + open.getPingInterval()
                        + ",\"pingTimeout\":" + open.getPingTimeout()
                        + ",\"maxPayload\":" + maxPayload + "}";
            }
            case CLOSE:
                return "1";
            case PING:
                return "2";
            case PONG:
                return packet.getData() == null ? "3" : "3" + packet.getData();
            case NOOP:
                return "6";
            case MESSAGE:
                // netty-socketio only emits its own MESSAGE packets when it drops a session (ping
                // timeout, failed handshake): a Socket.IO "41" there would tell the client the server
                // kicked it and stop it from reconnecting, so an Engine.IO close is sent instead.
                if (packet.getSubType() == PacketType.DISCONNECT) {
                    return "1";
                }
                return null;
            default:
                return null;
        }
    }

    private static String upgrades(String[] upgrades) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < upgrades.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(upgrades[i]).append('"');
        }
        return out.append(']').toString();
    }

    static void writeHttp(Channel channel, HttpResponseStatus status, String contentType, String body,
                          ChannelPromise promise) {
        if (log.isTraceEnabled()) {
            log.trace("{} -> {} {}", channel.id().asShortText(), status.code(),
                    body.length() > 120 ? body.substring(0, 120) + "..." : body);
        }
        ByteBuf content = Unpooled.copiedBuffer(body, CharsetUtil.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        addCors(channel, res);
        send(channel, res, promise);
    }

    /** Answers with an Engine.IO error ({@code {code, message}}) and closes the connection after it. */
    static void writeError(Channel channel, EngineError error, ChannelPromise promise) {
        channel.attr(KEEP_ALIVE).set(false);
        writeHttp(channel, error.status, "application/json", error.json(), promise);
    }

    /**
     * Writes a complete response, saying and doing what the request's keep-alive decided: the
     * connection stays open for the next request, or is closed once the response is written.
     */
    static void send(Channel channel, FullHttpResponse res, ChannelPromise promise) {
        boolean keepAlive = Boolean.TRUE.equals(channel.attr(KEEP_ALIVE).get());
        res.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        var future = promise == null ? channel.writeAndFlush(res) : channel.writeAndFlush(res, promise);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    static void addCors(Channel channel, FullHttpResponse res) {
        String origin = channel.attr(CORS_ORIGIN).get();
        if (origin != null) {
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            res.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }
}
