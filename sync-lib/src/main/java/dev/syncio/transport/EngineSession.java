package dev.syncio.transport;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.OutPacketMessage;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import dev.syncio.protocol.EncodedPacket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.buffer.Unpooled;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Engine.IO session (one client connection, across polling and WebSocket), wrapping
 * netty-socketio's {@link ClientHead}. Sending is thread-safe. Internal: not part of syncio's API.
 */
public final class EngineSession {

    private final ClientHead head;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile EngineListener.MessageSink sink;
    private volatile String closeReason;
    private volatile Channel webSocketChannel;
    /** The connection of the poll waiting for packets; claimed atomically so two polls cannot both pass. */
    private final java.util.concurrent.atomic.AtomicReference<Channel> pendingPoll =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Binary frames that belong to one packet must not interleave with another sender's frames. */
    private final Object sendLock = new Object();

    private final HandshakeCredentials credentials;

    EngineSession(ClientHead head, HandshakeCredentials credentials) {
        this.head = head;
        this.credentials = credentials;
    }

    /** The handshake's {@code Authorization} header and {@code token} query parameter. */
    public HandshakeCredentials credentials() {
        return credentials;
    }

    /** The Engine.IO session id. */
    public UUID id() {
        return head.getSessionId();
    }




    /** The client's address as seen by the server. */
    public java.net.InetSocketAddress remoteAddress() {
        return head.getHandshakeData().getAddress();
    }

    /** Whether the session currently uses WebSocket (after upgrade or from the start). */
    public boolean isWebSocket() {
        return head.getCurrentTransport() == Transport.WEBSOCKET;
    }

    /**
     * Sends a Socket.IO packet and its attachments as one unit.
     *
     * @return completes once the packet is written to the connection, or null when it was queued
     *         for a poll that has not arrived yet
     */
    public java.util.concurrent.Future<?> send(EncodedPacket packet) {
        return sendFrames(OutFrames.message(packet));
    }

    /** Sends a raw Engine.IO text message. */
    public void sendText(String text) {
        sendFrames(OutFrames.text(text));
    }

    /** Sends a raw Engine.IO binary message. */
    public void sendBinary(byte[] data) {
        sendFrames(OutFrames.binary(data));
    }

    private java.util.concurrent.Future<?> sendFrames(OutFrames frames) {
        if (closed.get()) {
            return null;
        }
        synchronized (sendLock) {
            java.util.concurrent.Future<?> written = head.send(frames);
            if (written == null && head.getCurrentTransport() == Transport.WEBSOCKET) {
                // the upgrade switched transports while this packet was being queued on polling
                // (netty-socketio reads the transport before adding to the now shared queue)
                written = flushWebSocket();
            }
            return written;
        }
    }

    /**
     * Writes whatever waits in the WebSocket queue. Called after an upgrade completes and by a
     * sender that raced it, so no packet queued during the switch waits for the next heartbeat.
     */
    java.util.concurrent.Future<?> flushWebSocket() {
        Channel ws = webSocketChannel;
        if (ws == null || !ws.isActive()) {
            return null;
        }
        return ws.writeAndFlush(new OutPacketMessage(head, Transport.WEBSOCKET));
    }

    /** Closes the session from the server side: the client sees a transport close and may reconnect. */
    public void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        // a pending GET is answered with CLOSE, so the client knows the server ended the session
        shutdown(PacketType.CLOSE);
    }

    /** Closes after the client sent a CLOSE packet: a pending poll ends with a NOOP, as the reference server does. */
    void closeByClient() {
        closeReason = "client close";
        shutdown(PacketType.NOOP);
    }

    /** Ends the session once: answers a pending poll with {@code endOfPoll}, drops the WebSocket. */
    private void shutdown(PacketType endOfPoll) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        head.send(new Packet(endOfPoll, head.getEngineIOVersion()), Transport.POLLING);
        closeWebSocket();
        head.onChannelDisconnect();
    }

    /**
     * Flushes what was already queued, then drops the connection. No WebSocket close frame: the
     * Java client (OkHttp 3) stops reading after one without answering it, so it would not notice
     * the close until its ping timeout; a dropped connection makes every client reconnect at once.
     */
    private void closeWebSocket() {
        Channel ws = webSocketChannel;
        if (ws != null && ws.isActive()) {
            ws.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    ClientHead head() {
        return head;
    }

    EngineListener.MessageSink sink() {
        return sink;
    }

    void sink(EngineListener.MessageSink sink) {
        this.sink = sink;
    }

    String closeReason() {
        return closeReason == null ? "transport close" : closeReason;
    }

    void markClosed(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        closed.set(true);
    }

    Channel webSocketChannel() {
        return webSocketChannel;
    }

    void webSocketChannel(Channel channel) {
        this.webSocketChannel = channel;
    }

    /**
     * Makes {@code channel} the pending poll unless another live one is pending.
     *
     * @return the other pending poll's connection, or null when {@code channel} now holds the slot
     */
    Channel claimPendingPoll(Channel channel) {
        while (true) {
            Channel current = pendingPoll.get();
            if (current != null && current != channel && current.isActive()) {
                return current;
            }
            if (pendingPoll.compareAndSet(current, channel)) {
                return null;
            }
        }
    }

    /**
     * After an upgrade: a poll that got in just before it would wait forever (its session now
     * writes to the WebSocket). It is answered 400 directly, not through the packet queue, which
     * the upgrade has handed to the WebSocket.
     */
    void endStalePoll() {
        Channel stale = pendingPoll.getAndSet(null);
        if (stale == null || !stale.isActive()) {
            return;
        }
        stale.eventLoop().execute(() -> {
            if (stale.attr(com.corundumstudio.socketio.handler.EncoderHandler.WRITE_ONCE).compareAndSet(null, true)) {
                head.releasePollingChannel(stale);
                EngineEncoder.writeError(stale, EngineError.BAD_REQUEST, null);
            }
        });
    }

    /** Frees the slot if {@code channel} holds it (its poll was answered or it closed). */
    void releasePendingPoll(Channel channel) {
        pendingPoll.compareAndSet(channel, null);
    }
}
