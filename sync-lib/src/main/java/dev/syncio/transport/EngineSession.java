package dev.syncio.transport;

import dev.syncio.protocol.EncodedPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session (one client, across polling and WebSocket): the whole state machine of
 * handshake, polling, upgrade, heartbeat, send queue and close. All its state lives here and
 * changes on one event loop, the loop of the connection that opened it; requests and frames that
 * arrive on other connections hop to it. So a poll racing an upgrade, two upgrades, or a close
 * racing a send are decided in one order, by construction.
 *
 * <p>Sending is thread-safe. What the client has not taken yet waits in one bounded queue: a
 * session over {@code maxBufferedBytes} for longer than the grace period, or at twice the bound,
 * is closed as a slow consumer; it never slows the other sessions. Internal: not part of
 * syncio's API.
 */
public final class EngineSession {

    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);
    private static final byte RECORD_SEPARATOR = 0x1e;
    /** The separator between the records of a polling payload, shared like a frame's bytes. */
    private static final ByteBuf SEPARATOR =
            Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {RECORD_SEPARATOR}));

    private enum Transport { POLLING, WEBSOCKET }

    private final String id;
    private final EventLoop loop;
    private final EngineContext context;
    private final HandshakeCredentials credentials;
    private final InetSocketAddress remoteAddress;
    private EngineListener.MessageSink sink;

    private volatile Transport transport;
    private volatile boolean closed;
    /** The WebSocket carrying the session (from the start, or since the upgrade). */
    private Channel webSocket;
    /** Whether a server-side close sends a WebSocket close frame (see {@link #dropWebSocket}). */
    private boolean closeFrames = true;
    /** A WebSocket being probed for an upgrade; polling still carries the session. */
    private Channel upgrading;
    private boolean upgradingCloseFrames = true;
    private boolean probed;
    private ScheduledFuture<?> upgradeTimeout;
    /** Ends a poll held during a probed upgrade with a NOOP, unless the upgrade completes first. */
    private ScheduledFuture<?> probeNoop;
    /**
     * A polling POST that carried CLOSE while no poll was pending: its answer waits (briefly) for
     * the client's poll, see {@link #closeByPost}.
     */
    private HttpExchange closingPost;
    private ScheduledFuture<?> closeGrace;
    /** The poll waiting for packets. */
    private HttpExchange pendingPoll;

    /**
     * Smallest at first, an array of two slots (an idle session holds it for its whole life); it
     * grows when frames wait.
     */
    private final ArrayDeque<EngineFrame> queue = new ArrayDeque<>(1);
    private long queuedBytes;
    private boolean dirty;
    private ScheduledFuture<?> slowConsumerTimer;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pongDeadline;

    EngineSession(String id, EventLoop loop, EngineContext context, HandshakeCredentials credentials,
                  InetSocketAddress remoteAddress, boolean webSocket) {
        this.id = id;
        this.loop = loop;
        this.context = context;
        this.credentials = credentials;
        this.remoteAddress = remoteAddress;
        this.transport = webSocket ? Transport.WEBSOCKET : Transport.POLLING;
    }

    /** The handshake's {@code Authorization} header and {@code token} query parameter. */
    public HandshakeCredentials credentials() {
        return credentials;
    }

    /** The Engine.IO session id. */
    public String id() {
        return id;
    }

    /** The client's address as seen by the server. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Whether the session currently uses WebSocket (after upgrade or from the start). */
    public boolean isWebSocket() {
        return transport == Transport.WEBSOCKET;
    }

    /** Sends a Socket.IO packet and its attachments as one unit. Thread-safe; never blocks. */
    public void send(EncodedPacket packet) {
        send(EngineFrame.message(packet));
    }

    /**
     * Sends a packet and tells when it is on the wire: written to the WebSocket, or queued for
     * the next poll (polling has nothing more to wait for), or dropped because the session ended.
     * Completes within a second whatever the client does, so nothing waits on a client's reading.
     */
    public CompletionStage<Void> sendFlushed(EncodedPacket packet) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        EngineFrame frame = EngineFrame.message(packet);
        execute(() -> {
            enqueue(frame);
            if (closed || transport != Transport.WEBSOCKET || !queue.isEmpty()) {
                done.complete(null); // queued for a poll, or behind a backlog: nothing to wait for here
                return;
            }
            // written to the WebSocket: an empty write completes once everything before it is flushed
            webSocket.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> done.complete(null));
            loop.schedule(() -> done.complete(null), 1, TimeUnit.SECONDS);
        });
        return done;
    }

    /** Sends a frame encoded once for many sessions. Thread-safe; never blocks. */
    public void send(EngineFrame frame) {
        if (closed) {
            return;
        }
        execute(() -> enqueue(frame));
    }

    /**
     * Sends one frame to many sessions: one task per event loop, not per session, and one flush
     * per session at the end of that loop turn. The frame's bytes are shared by all of them.
     */
    public static void broadcast(EngineFrame frame, Collection<EngineSession> sessions) {
        if (sessions.size() == 1) {
            sessions.iterator().next().send(frame);
            return;
        }
        // a handful of event loops: a linear search beats hashing
        List<EventLoop> loops = new ArrayList<>(4);
        List<List<EngineSession>> groups = new ArrayList<>(4);
        for (EngineSession session : sessions) {
            if (session.closed) {
                continue;
            }
            int index = loops.indexOf(session.loop);
            if (index < 0) {
                index = loops.size();
                loops.add(session.loop);
                groups.add(new ArrayList<>(sessions.size()));
            }
            groups.get(index).add(session);
        }
        for (int g = 0; g < loops.size(); g++) {
            List<EngineSession> group = groups.get(g);
            Runnable task = () -> {
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).enqueue(frame);
                }
            };
            EventLoop loop = loops.get(g);
            if (loop.inEventLoop()) {
                task.run();
            } else {
                loop.execute(task);
            }
        }
    }

    /** Sends a raw Engine.IO text message. */
    public void sendText(String text) {
        send(EngineFrame.text(text));
    }

    /** Sends a raw Engine.IO binary message. */
    public void sendBinary(byte[] data) {
        send(EngineFrame.binary(data));
    }

    /** Closes the session from the server side: the client sees a transport close and may reconnect. */
    public void close(String reason) {
        execute(() -> closeNow(reason, EngineFrame.CLOSE));
    }

    EventLoop loop() {
        return loop;
    }

    /** Runs {@code task} on this session's loop: at once when already there, else queued in order. */
    void execute(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    // ---- lifecycle (all below on the session's loop) ----

    /** Starts the session once registered: binds the layer above and starts the heartbeat. */
    void open(EngineListener.MessageSink sink) {
        this.sink = sink;
        pingTimer = loop.schedule(this::sendPing, context.options().pingIntervalMs(), TimeUnit.MILLISECONDS);
    }

    /** The OPEN packet for this session. */
    EngineFrame openPacket() {
        EngineOptions o = context.options();
        String upgrades = transport == Transport.POLLING && o.websocket() ? "[\"websocket\"]" : "[]";
        return EngineFrame.control("0{\"sid\":\"" + id + "\",\"upgrades\":" + upgrades + ",\"pingInterval\":"
                + o.pingIntervalMs() + ",\"pingTimeout\":" + o.pingTimeoutMs() + ",\"maxPayload\":" + o.maxPayload() + "}");
    }

    /** Binds the WebSocket of a session that began on WebSocket. */
    void attachWebSocket(Channel channel, boolean closeFrames) {
        this.webSocket = channel;
        this.closeFrames = closeFrames;
    }

    boolean isClosed() {
        return closed;
    }

    // ---- polling ----

    /** A long-polling GET. */
    void onPoll(HttpExchange exchange) {
        if (closed) {
            HttpResponses.error(exchange, EngineError.UNKNOWN_SID);
        } else if (closingPost != null) {
            // the poll the client had in flight when it closed: it ends with a NOOP, then the session
            pendingPoll = exchange;
            closeNow("transport close", EngineFrame.NOOP);
        } else if (transport == Transport.WEBSOCKET) {
            refuseAfterUpgrade(exchange);
        } else if (pendingPoll != null) {
            log.debug("session {} sent overlapping polls; closing it", id);
            HttpResponses.error(exchange, EngineError.BAD_REQUEST);
            closeNow("transport error", EngineFrame.CLOSE);
        } else if (probed) {
            pendingPoll = exchange;
            endPollAfterProbe(exchange);
        } else if (!queue.isEmpty()) {
            answerPoll(exchange);
        } else {
            pendingPoll = exchange;
        }
    }

    /**
     * A polling POST: Engine.IO packets separated by {@code \x1e}; binary ones as {@code b<base64>}.
     * {@code payload} is null when the body was not valid UTF-8 (refused, session closed).
     */
    void onPost(HttpExchange exchange, String payload) {
        if (closed || closingPost != null) {
            HttpResponses.error(exchange, EngineError.UNKNOWN_SID);
            return;
        }
        if (transport == Transport.WEBSOCKET) {
            HttpResponses.error(exchange, EngineError.BAD_REQUEST);
            return;
        }
        if (payload == null) {
            invalid("polling body is not valid UTF-8");
            HttpResponses.error(exchange, EngineError.BAD_REQUEST);
            return;
        }
        // a POST is handled at once on the session's loop: bound how much work one may carry
        int max = context.options().maxPacketsPerPost();
        int packets = 1;
        for (int i = payload.indexOf(RECORD_SEPARATOR); i >= 0; i = payload.indexOf(RECORD_SEPARATOR, i + 1)) {
            if (++packets > max) {
                context.sessions().refused("packets_per_post");
                invalid("a POST of more than " + max + " packets (limit packets_per_post)");
                HttpResponses.error(exchange, EngineError.BAD_REQUEST);
                return;
            }
        }
        int start = 0;
        while (start <= payload.length() && !closed) {
            int end = payload.indexOf(RECORD_SEPARATOR, start);
            if (end < 0) {
                end = payload.length();
            }
            String packet = payload.substring(start, end);
            if (!packet.isEmpty() && packet.charAt(0) == 'b') {
                byte[] data;
                try {
                    // MIME decoding skips line breaks: the Java client wraps base64 at 76 characters
                    data = Base64.getMimeDecoder().decode(packet.substring(1));
                } catch (IllegalArgumentException e) {
                    invalid("bad base64 in a binary packet");
                    HttpResponses.error(exchange, EngineError.BAD_REQUEST);
                    return;
                }
                sink.onBinary(data);
            } else if ("1".equals(packet) && pendingPoll == null) {
                closeByPost(exchange);
                return; // answered once the session is closed
            } else if (!onPacket(packet)) {
                HttpResponses.error(exchange, EngineError.BAD_REQUEST);
                return;
            }
            start = end + 1;
        }
        HttpResponses.ok(exchange);
    }

    /** The pending poll, which is no longer pending: the caller answers it. */
    private HttpExchange takePendingPoll() {
        HttpExchange poll = pendingPoll;
        pendingPoll = null;
        return poll;
    }

    /** Answers a poll with what is queued, up to {@code maxPayload} bytes (at least one frame). */
    private void answerPoll(HttpExchange exchange) {
        CompositeByteBuf body = Unpooled.compositeBuffer(Math.max(2, queue.size() * 2));
        int limit = context.options().maxPayload();
        int size = 0;
        long taken = 0;
        EngineFrame frame;
        while ((frame = queue.peek()) != null && (size == 0 || size + frame.size() <= limit)) {
            queue.poll();
            taken += frame.size();
            ByteBuf text = frame.text();
            if (text != null) {
                size += append(body, text);
            }
            for (ByteBuf record : frame.pollingBinaries()) {
                size += append(body, record);
            }
        }
        unqueued(taken);
        HttpResponses.payload(exchange, body);
    }

    private static int append(CompositeByteBuf body, ByteBuf record) {
        int added = record.readableBytes();
        if (body.numComponents() > 0) {
            body.addComponent(true, SEPARATOR.duplicate());
            added++;
        }
        body.addComponent(true, record);
        return added;
    }

    // ---- WebSocket ----

    /**
     * A WebSocket handshake for this session's upgrade was received: accepted when the session
     * is on polling with no other upgrade under way. Returns false when it must be refused.
     */
    boolean reserveUpgrade(Channel channel, boolean closeFrames) {
        if (closed || closingPost != null || transport == Transport.WEBSOCKET || upgrading != null) {
            return false;
        }
        upgrading = channel;
        upgradingCloseFrames = closeFrames;
        // the reference server's upgradeTimeout: a probe that never completes frees the slot
        upgradeTimeout = loop.schedule(() -> abortUpgrade(channel, "upgrade timeout"), 10, TimeUnit.SECONDS);
        return true;
    }

    /** A text frame from {@code channel} (the session's WebSocket, or one being probed). */
    void onWebSocketText(Channel channel, String packet) {
        if (closed) {
            return;
        }
        if (channel == upgrading) {
            onUpgradePacket(channel, packet);
        } else if (channel == webSocket) {
            onPacket(packet);
        }
    }

    /** A binary frame from {@code channel}. */
    void onWebSocketBinary(Channel channel, byte[] data) {
        if (closed) {
            return;
        }
        if (channel == upgrading) {
            abortUpgrade(channel, "binary message on a probing WebSocket");
        } else if (channel == webSocket) {
            sink.onBinary(data);
        }
    }

    /** {@code channel} closed. */
    void onWebSocketClosed(Channel channel) {
        if (channel == upgrading) {
            abortUpgrade(channel, "probing WebSocket closed");
        } else if (channel == webSocket) {
            closeNow("transport close", null);
        }
    }

    /** {@code channel} can take more writes: move what waits in the queue onto it. */
    void onWritable(Channel channel) {
        if (closed || channel != webSocket) {
            return;
        }
        drainToWebSocket();
    }

    /**
     * A poll pending while an upgrade is probed ends with a NOOP after 100 ms, so the client can
     * pause polling and complete the upgrade (the reference server checks every 100 ms). The wait
     * lets an upgrade packet that was sent before the poll, but read on the WebSocket's connection
     * after it, complete the upgrade first and have the poll refused.
     */
    private void endPollAfterProbe(HttpExchange exchange) {
        cancel(probeNoop);
        probeNoop = loop.schedule(() -> {
            probeNoop = null;
            if (pendingPoll == exchange && probed) {
                HttpResponses.payload(takePendingPoll(), EngineFrame.NOOP.text());
            }
        }, 100, TimeUnit.MILLISECONDS);
    }

    /**
     * Refuses a poll that came after the upgrade. The refusal is written from the WebSocket's own
     * event loop, behind what the session wrote there (the probe's answer), so a client that
     * waits for the refusal has already been sent everything written to its WebSocket before.
     */
    private void refuseAfterUpgrade(HttpExchange exchange) {
        webSocket.eventLoop().execute(() -> HttpResponses.error(exchange, EngineError.BAD_REQUEST));
    }

    private void onUpgradePacket(Channel channel, String packet) {
        if ("2probe".equals(packet) && !probed) {
            probed = true;
            channel.writeAndFlush(new TextWebSocketFrame(EngineFrame.PROBE_PONG.text()));
            if (pendingPoll != null) {
                endPollAfterProbe(pendingPoll);
            }
        } else if ("5".equals(packet)) {
            completeUpgrade(channel);
        } else {
            abortUpgrade(channel, "unexpected packet during the upgrade");
        }
    }

    private void completeUpgrade(Channel channel) {
        endUpgradeAttempt();
        webSocket = channel;
        closeFrames = upgradingCloseFrames;
        transport = Transport.WEBSOCKET;
        if (pendingPoll != null) {
            // a poll that slipped in before the upgrade would otherwise wait forever
            refuseAfterUpgrade(takePendingPoll());
        }
        drainToWebSocket(); // what was queued on polling during the switch
    }

    private void abortUpgrade(Channel channel, String why) {
        if (channel != upgrading) {
            return;
        }
        log.debug("session {}: upgrade abandoned ({})", id, why);
        endUpgradeAttempt();
        dropWebSocket(channel, false, upgradingCloseFrames);
        if (pendingPoll != null && !queue.isEmpty()) {
            flushLater();
        }
    }

    /** The upgrade under way ended, either way: its timers and its probing state go. */
    private void endUpgradeAttempt() {
        cancel(upgradeTimeout);
        upgradeTimeout = null;
        cancel(probeNoop);
        probeNoop = null;
        upgrading = null;
        probed = false;
    }

    private void drainToWebSocket() {
        boolean wrote = false;
        EngineFrame frame;
        long taken = 0;
        while (webSocket.isWritable() && (frame = queue.poll()) != null) {
            taken += frame.size();
            write(webSocket, frame);
            wrote = true;
        }
        unqueued(taken);
        if (wrote) {
            webSocket.flush();
        }
    }

    private static void write(Channel channel, EngineFrame frame) {
        ByteBuf text = frame.text();
        if (text != null) {
            channel.write(new TextWebSocketFrame(text), channel.voidPromise());
        }
        for (ByteBuf binary : frame.binaries()) {
            // Engine.IO v4: binary travels as a raw binary frame, no type byte
            channel.write(new BinaryWebSocketFrame(binary), channel.voidPromise());
        }
    }

    // ---- packets from the client ----

    /**
     * One text packet from the session's transport (its WebSocket, or a polling POST). Returns
     * false when it was not a valid Engine.IO v4 packet: the session is closed.
     */
    private boolean onPacket(String packet) {
        if (packet.isEmpty()) {
            return invalid("empty packet");
        }
        switch (packet.charAt(0)) {
            case '1' -> closeNow("transport close", EngineFrame.NOOP);
            case '3' -> onPong();
            case '4' -> sink.onText(packet.substring(1));
            case '6' -> {
                // noop
            }
            case '2' -> {
                return invalid("a ping from the client (probes belong to an upgrading WebSocket)");
            }
            case '5' -> {
                return invalid("an upgrade packet on the session's own transport");
            }
            default -> {
                return invalid("unknown packet type");
            }
        }
        return true;
    }

    /**
     * A polling client closed while no poll of its was pending here. It may well have one in
     * flight, sent before the CLOSE but read after it on another connection (another event loop):
     * that poll must get the NOOP it would have got had it come first. So the POST's {@code ok}
     * waits up to 200 ms for it; the session closes when it arrives or then. A client that waits
     * for the {@code ok} before polling again finds the session gone, as with the reference server.
     */
    private void closeByPost(HttpExchange post) {
        closingPost = post;
        closeGrace = loop.schedule(() -> closeNow("transport close", EngineFrame.NOOP), 200, TimeUnit.MILLISECONDS);
    }

    private boolean invalid(String why) {
        log.debug("closing session {} from {}: {}", id, remoteAddress, why);
        closeNow("parse error", EngineFrame.CLOSE);
        return false;
    }

    // ---- heartbeat ----

    private void sendPing() {
        pingTimer = null;
        if (closed) {
            return;
        }
        enqueue(EngineFrame.PING);
        pongDeadline = loop.schedule(() -> closeNow("ping timeout", EngineFrame.CLOSE),
                context.options().pingTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    private void onPong() {
        if (pongDeadline == null) {
            return; // an unsolicited pong changes nothing
        }
        cancel(pongDeadline);
        pongDeadline = null;
        pingTimer = loop.schedule(this::sendPing, context.options().pingIntervalMs(), TimeUnit.MILLISECONDS);
    }

    // ---- the send queue ----

    /** Queues (or writes straight to a writable WebSocket) one frame; on the session's loop. */
    void enqueue(EngineFrame frame) {
        if (closed) {
            return;
        }
        if (transport == Transport.WEBSOCKET && queue.isEmpty() && webSocket.isWritable()) {
            write(webSocket, frame);
            flushLater();
            return;
        }
        queue.add(frame);
        queuedBytes += frame.size();
        context.sessions().buffered(frame.size());
        if (transport == Transport.POLLING && pendingPoll != null && !probed) {
            flushLater();
        }
        checkBound();
    }

    private void flushLater() {
        if (!dirty) {
            dirty = true;
            LoopFlusher.flushLater(this);
        }
    }

    /** Called by {@link LoopFlusher} at the end of the loop turn. */
    void flushNow() {
        dirty = false;
        if (closed) {
            return;
        }
        if (transport == Transport.WEBSOCKET) {
            webSocket.flush();
        } else if (pendingPoll != null && !probed && !queue.isEmpty()) {
            answerPoll(takePendingPoll());
        }
    }

    private void unqueued(long bytes) {
        if (bytes > 0) {
            queuedBytes -= bytes;
            context.sessions().buffered(-bytes);
            checkBound();
        }
    }

    /** Applies the slow-consumer rule: over the bound for the grace period, or at twice it, the session ends. */
    private void checkBound() {
        long max = context.options().maxBufferedBytes();
        if (queuedBytes <= max) {
            cancel(slowConsumerTimer);
            slowConsumerTimer = null;
        } else if (queuedBytes >= 2 * max) {
            slowConsumer();
        } else if (slowConsumerTimer == null) {
            slowConsumerTimer = loop.schedule(() -> {
                slowConsumerTimer = null;
                if (queuedBytes > context.options().maxBufferedBytes()) {
                    slowConsumer();
                }
            }, context.options().slowConsumerGraceMs(), TimeUnit.MILLISECONDS);
        }
    }

    private void slowConsumer() {
        if (closed) {
            return;
        }
        log.info("closing session {} from {}: slow consumer ({} bytes not taken, limit {})", id, remoteAddress,
                queuedBytes, context.options().maxBufferedBytes());
        context.sessions().slowConsumerClosed();
        closeNow("slow consumer", EngineFrame.CLOSE);
    }

    // ---- close ----

    /**
     * Ends the session once, whatever ended it: timers stop, the queue is freed, a pending poll is
     * answered with {@code endOfPoll} (CLOSE when the server ends it, NOOP when the client did),
     * the WebSocket is closed without waiting on the client, and the layer above is told.
     */
    private void closeNow(String reason, EngineFrame endOfPoll) {
        if (closed) {
            return;
        }
        closed = true;
        cancel(pingTimer);
        cancel(pongDeadline);
        cancel(slowConsumerTimer);
        cancel(upgradeTimeout);
        cancel(probeNoop);
        cancel(closeGrace);
        context.sessions().remove(this);
        context.sessions().buffered(-queuedBytes);
        queuedBytes = 0;
        queue.clear();
        if (pendingPoll != null) {
            HttpResponses.payload(takePendingPoll(), (endOfPoll == null ? EngineFrame.CLOSE : endOfPoll).text());
        }
        if (closingPost != null) {
            HttpResponses.ok(closingPost);
            closingPost = null;
        }
        if (upgrading != null) {
            dropWebSocket(upgrading, false, upgradingCloseFrames);
            upgrading = null;
        }
        if (webSocket != null) {
            dropWebSocket(webSocket, "slow consumer".equals(reason), closeFrames);
        }
        if (sink != null) {
            try {
                sink.onClose(reason);
            } catch (RuntimeException e) {
                log.warn("the close handler of session {} failed", id, e);
            }
        }
    }

    /**
     * Closes a WebSocket from the server side without ever waiting on the client: a close frame
     * first when the client can take it, then the connection, at the latest one second later.
     * OkHttp (the Java client's WebSocket) stops reading at a close frame and never answers it,
     * so it would only notice at its ping timeout: for it the connection is just dropped, which
     * it reports at once. A slow consumer's connection is dropped with what it did not take.
     */
    private static void dropWebSocket(Channel channel, boolean discard, boolean closeFrame) {
        if (!channel.isActive()) {
            return;
        }
        if (discard) {
            channel.close();
            return;
        }
        Object last = closeFrame ? new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE) : Unpooled.EMPTY_BUFFER;
        channel.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, 1, TimeUnit.SECONDS);
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "EngineSession[" + id + "]";
    }
}
