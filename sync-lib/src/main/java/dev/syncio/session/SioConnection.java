package dev.syncio.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncio.Principal;
import dev.syncio.auth.TokenRejectedException;
import dev.syncio.dispatch.ErrorAcks;
import dev.syncio.dispatch.RateLimiter;
import dev.syncio.emit.RoomNames;
import dev.syncio.protocol.BinaryPlaceholders;
import dev.syncio.protocol.InvalidPacketException;
import dev.syncio.protocol.JsonValues;
import dev.syncio.protocol.SioPacket;
import dev.syncio.protocol.SioPacketType;
import dev.syncio.recovery.SessionRecord;
import dev.syncio.transport.EngineListener;
import dev.syncio.transport.EngineSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket.IO side of one Engine.IO session: decodes packets, reassembles binary ones, connects
 * and disconnects namespace sockets, and hands events to the socket's ordered executor. Message
 * callbacks arrive one at a time on Netty event loops and never block.
 *
 * <p>Limits (see {@code SyncConfig.Limits}): binary attachments only for a namespace this session
 * has connected, at most {@code maxAttachmentsPerPacket} per packet and {@code maxPayloadBytes}
 * together; at most {@code maxNamespacesPerSession} namespaces; the connect timeout stands until a
 * CONNECT succeeds, and {@code maxRefusedConnects} refused CONNECTs close the session; at most
 * {@code maxQueuedEventsPerSocket} events wait in a socket's queue. Once the engine session closed,
 * no socket is added any more, not even by an authentication that was under way.
 */
final class SioConnection implements EngineListener.MessageSink {

    private static final Logger log = LoggerFactory.getLogger(SioConnection.class);
    private static final CompletionStage<Void> LEFT = CompletableFuture.completedFuture(null);
    /** Close reasons after which a client may recover its session (as the reference server's list). */
    private static final Set<String> RECOVERABLE = Set.of("transport close", "transport error", "ping timeout",
            "slow consumer", "server shutting down");

    /** A plain counter behind a static updater: no AtomicInteger object for every connection. */
    private static final AtomicIntegerFieldUpdater<SioConnection> REFUSED_CONNECTS =
            AtomicIntegerFieldUpdater.newUpdater(SioConnection.class, "refusedConnects");

    private final EngineSession engine;
    private final SocketLayer layer;
    /** Sockets by namespace: nearly always one. */
    private final NamespaceSockets<SocketImpl> sockets = new NamespaceSockets<>();
    /** Until a CONNECT succeeds or the session closes; then dropped, not kept for the connection's life. */
    private volatile ScheduledFuture<?> connectTimeout;
    private volatile int refusedConnects;
    /** Set once a CONNECT succeeded: the connect timeout no longer applies. */
    private volatile boolean connectedOnce;
    /** Set when the engine session closed: from then on no socket is added or connected. */
    private volatile boolean closed;
    /** This session's CONNECT packets, judged before anything is made for them. */
    private final RateLimiter connectLimiter;
    /** Set once this session was closed for its rate: what still arrives is dropped, not counted again. */
    private boolean closedForRate;
    private SioPacket pendingBinary;
    private List<byte[]> pendingBuffers;
    private long pendingBytes;

    SioConnection(EngineSession engine, SocketLayer layer) {
        this.engine = engine;
        this.layer = layer;
        this.connectLimiter = layer.newConnectRateLimiter();
        this.connectTimeout = layer.timer().schedule(this::onConnectTimeout,
                layer.connectTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    EngineSession engine() {
        return engine;
    }

    @Override
    public void onText(String text) {
        if (pendingBinary != null) {
            invalid("text packet while binary attachments were expected");
            return;
        }
        SioPacket packet;
        try {
            packet = layer.parser().parse(text);
        } catch (InvalidPacketException e) {
            invalid(e.getMessage());
            return;
        }
        if (packet.attachments() > 0) {
            int max = layer.limits().maxAttachmentsPerPacket();
            if (packet.attachments() > max) {
                limit("attachments", "a packet announced " + packet.attachments() + " attachments, limit " + max);
                return;
            }
            SocketImpl socket = sockets.get(packet.namespace());
            if (socket == null || !socket.connected()) {
                // nothing is buffered for a namespace the session has not connected (or not yet)
                limit("attachments_not_connected", "binary packet for namespace " + packet.namespace()
                        + ", which this session has not connected");
                return;
            }
            pendingBinary = packet;
            pendingBuffers = new ArrayList<>(packet.attachments());
            pendingBytes = 0;
            return;
        }
        handle(packet);
    }

    @Override
    public void onBinary(byte[] data) {
        if (pendingBinary == null) {
            invalid("binary message without a binary packet");
            return;
        }
        pendingBytes += data.length;
        if (pendingBytes > layer.maxPayloadBytes()) {
            pendingBinary = null;
            pendingBuffers = null;
            limit("attachment_bytes", "attachments of one packet over " + layer.maxPayloadBytes() + " bytes");
            return;
        }
        pendingBuffers.add(data);
        if (pendingBuffers.size() < pendingBinary.attachments()) {
            return;
        }
        SioPacket packet = pendingBinary;
        List<byte[]> buffers = pendingBuffers;
        pendingBinary = null;
        pendingBuffers = null;
        try {
            JsonNode data1 = BinaryPlaceholders.reconstruct(packet.data(), buffers);
            handle(new SioPacket(packet.type(), packet.namespace(), packet.ackId(), data1, 0));
        } catch (InvalidPacketException e) {
            invalid(e.getMessage());
        }
    }

    private void handle(SioPacket packet) {
        switch (packet.type()) {
            case CONNECT -> {
                if (admitted(connectLimiter.admit(null, null), null, packet)) {
                    connect(packet);
                }
            }
            case DISCONNECT -> {
                SocketImpl socket = sockets.get(packet.namespace());
                if (socket != null) {
                    disconnectSocket(socket, "client namespace disconnect", false);
                }
            }
            case EVENT, BINARY_EVENT -> {
                SocketImpl socket = sockets.get(packet.namespace());
                if (socket == null) {
                    invalid("event for namespace " + packet.namespace() + " before CONNECT");
                    return;
                }
                if (!admitted(socket.admit(packet.data().get(0).asText()), socket, packet)) {
                    return; // refused before it is queued: it costs no callback and no memory
                }
                if (!socket.eventQueued(layer.limits().maxQueuedEventsPerSocket())) {
                    layer.counters().limited("event_queue");
                    log.debug("dropped an event of {} from {}: event_queue ({} events already queued)",
                            socket, engine.remoteAddress(), layer.limits().maxQueuedEventsPerSocket());
                    return;
                }
                layer.counters().eventAccepted();
                socket.executor().execute(() -> {
                    socket.eventDequeued();
                    socket.executor().continueAfter(layer.dispatcher().dispatch(socket, packet),
                            layer.counters()::eventDone);
                });
            }
            case ACK, BINARY_ACK -> {
                SocketImpl socket = sockets.get(packet.namespace());
                if (socket == null) {
                    invalid("ack for namespace " + packet.namespace() + " before CONNECT");
                    return;
                }
                if (!admitted(socket.admit(null), socket, packet)) {
                    return;
                }
                socket.onAck(packet.ackId(), packet.data());
            }
            default -> invalid("unexpected packet");
        }
    }

    /**
     * Acts on a rate-limit verdict, on the event loop: a refused packet is dropped and counted; the
     * first refusal of a run, for an event that asked for an ack, gets one {@code rate_limited} ack;
     * a session that keeps exceeding is closed with reason {@code rate limited}.
     *
     * @param socket the packet's socket, or null for a CONNECT
     */
    private boolean admitted(RateLimiter.Verdict verdict, SocketImpl socket, SioPacket packet) {
        if (verdict == RateLimiter.Verdict.ACCEPT) {
            return true;
        }
        if (closedForRate) {
            return false;
        }
        layer.counters().rateLimited();
        switch (verdict) {
            case REFUSE -> {
                if (socket != null && packet.wantsAck()
                        && (packet.type() == SioPacketType.EVENT || packet.type() == SioPacketType.BINARY_EVENT)) {
                    List<Object> ack = List.of(ErrorAcks.error("rate_limited", "too many events; slow down"));
                    socket.send(layer.encoder().ack(socket.namespace(), packet.ackId(), ack));
                    layer.meterCounts().ack(ack);
                }
                log.debug("rate limited session {} from {}", engine.id(), engine.remoteAddress());
            }
            case DISCONNECT -> {
                log.info("closing session {} from {}: rate limited again and again ({} packets refused)", engine.id(),
                        engine.remoteAddress(), socket == null ? connectLimiter.dropped() : socket.rateLimited());
                closedForRate = true;
                layer.counters().rateLimitDisconnect();
                engine.close("rate limited");
            }
            default -> {
                // dropped silently: a flood gets no answer
            }
        }
        return false;
    }

    private void connect(SioPacket packet) {
        if (closed) {
            return;
        }
        NamespaceImpl namespace = layer.namespace(packet.namespace());
        if (namespace == null) {
            refuseConnect(packet.namespace(), layer.mapper().createObjectNode().put("message", "Invalid namespace"),
                    "invalid_namespace", "no such namespace");
            return;
        }
        if (sockets.containsKey(packet.namespace())) {
            log.debug("session {} connected twice to {}; ignored", engine.id(), packet.namespace());
            return;
        }
        int maxNamespaces = layer.limits().maxNamespacesPerSession();
        if (sockets.size() >= maxNamespaces) {
            layer.counters().limited("namespaces");
            refuseConnect(packet.namespace(), layer.mapper().createObjectNode().put("message", "too many namespaces"),
                    "namespaces", "already " + sockets.size() + " namespaces, limit " + maxNamespaces);
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> auth = packet.data() == null ? Map.of() : (Map<String, Object>) JsonValues.toJava(packet.data());
        Recovery.Request recovering = null;
        if (layer.recovery() != null) {
            recovering = Recovery.request(auth);
            // the pid is a secret: the host's handlers (and whatever they log) never see it
            auth = Recovery.withoutRecoveryKeys(auth);
        }
        SocketImpl socket = new SocketImpl(layer.newSocketId(), namespace, this, layer, HandshakeAuth.kept(auth));
        sockets.put(packet.namespace(), socket);
        JsonNode authPayload = packet.data();
        Recovery.Request request = recovering;
        socket.executor().execute(() -> authenticate(socket, authPayload, request));
    }

    /** Runs on the socket's executor: the token is verified before anything else sees the socket. */
    private void authenticate(SocketImpl socket, JsonNode authPayload, Recovery.Request request) {
        if (closed || socket.state() == SocketImpl.State.CLOSED) {
            forget(socket); // the session ended before its CONNECT was looked at
            return;
        }
        Principal principal;
        try {
            principal = layer.authenticator().authenticate(authPayload, engine, socket.id());
        } catch (TokenRejectedException e) {
            layer.counters().refused();
            layer.meterCounts().refusedHandshake(e.code().wireValue());
            ObjectNode error = layer.mapper().createObjectNode().put("message", "unauthorized");
            error.putObject("data").put("code", e.code().wireValue());
            refuse(socket, error, e.code().wireValue(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.error("token verifier failed; refusing connection from {}", engine.remoteAddress(), e);
            refuse(socket, layer.mapper().createObjectNode().put("message", "internal"), "internal", "verifier failed");
            return;
        }
        socket.principal(principal);
        Recovery recovery = layer.recovery();
        if (request == null) {
            connected(socket, null);
            return;
        }
        // nothing of the session is written before here: the token was verified first
        CompletionStage<Recovery.Attempt> attempt = recovery.prepare(socket, request);
        socket.executor().pauseUntil(attempt, () -> connected(socket, attempt.toCompletableFuture().join()));
    }

    /**
     * Connects an authenticated socket, fresh or (with a found {@code attempt}) as the socket it
     * recovers. Runs on the socket's executor.
     */
    private void connected(SocketImpl socket, Recovery.Attempt attempt) {
        boolean recovering = attempt != null && attempt.found();
        if (recovering) {
            socket.restore(attempt.record().sid(), attempt.record().pid());
        } else if (layer.recovery() != null) {
            if (attempt != null) {
                layer.counters().notRecovered();
                log.debug("socket {} of user {} starts a fresh session: {}", socket.id(), socket.principal().userId(),
                        attempt.failure());
            }
            socket.newSession(layer.newPid());
        }
        Principal principal = socket.principal();
        // a late authentication: the session closed (or the socket was dropped) while the token was
        // verified. Checked and marked at once, so a close that follows finds the socket connected
        // and its close task (queued behind this one) undoes all of what follows
        if (closed || !socket.markConnected()) {
            if (recovering) {
                layer.recovery().abandon(socket, attempt);
            }
            forget(socket);
            return;
        }
        connectedOnce = true;
        cancelConnectTimeout();
        // the CONNECT reply is queued on the session before the socket joins any room: whatever is
        // emitted to its rooms afterwards is queued behind it, on the same event loop, in order
        ObjectNode reply = layer.mapper().createObjectNode().put("sid", socket.id());
        if (socket.pid() != null) {
            reply.put("pid", socket.pid());
        }
        if (recovering) {
            replaceEarlierSocket(socket);
            // counted before the reply goes out: the client knows it recovered from that reply on
            layer.counters().recovered();
        }
        CompletionStage<Void> replied = engine.sendFlushed(layer.encoder().connect(socket.namespace(), reply));
        if (!recovering) {
            socket.namespaceImpl().added(socket);
            socket.join(RoomNames.user(principal.userId()));
            online(socket, replied);
            return;
        }
        // the missed events follow the reply; the socket joins its rooms once they and the
        // broadcasts held meanwhile are queued, and its queue waits for that without a thread
        CompletionStage<Set<String>> live = layer.recovery().replay(socket, attempt);
        socket.executor().pauseUntil(live, () -> {
            if (live.toCompletableFuture().isCompletedExceptionally()) {
                log.info("closing session {}: socket {} could not catch up after its replay", engine.id(), socket.id());
                engine.close("recovery failed");
                return;
            }
            CompletionStage<Void> present = CompletableFuture.completedFuture(null);
            for (String conversationId : socket.conversations()) {
                present = present.thenCompose(done -> layer.conversations().restored(socket, conversationId));
            }
            socket.executor().continueAfter(present, () -> online(socket, replied));
        });
    }

    /** The bookkeeping of a socket that is connected and in its rooms; its connect handlers run last. */
    private void online(SocketImpl socket, CompletionStage<Void> replied) {
        layer.counters().connected(socket.principal().userId());
        layer.expiry().schedule(socket);
        if (socket.pid() != null) {
            layer.sessionStore().connected(socket.record());
        }
        // connect handlers run once the reply is on the wire, before any later event of the socket,
        // without holding a callback thread meanwhile
        socket.executor().pauseUntil(replied, () -> socket.namespaceImpl().fireConnect(socket));
    }

    /**
     * A client that recovers while its earlier connection to this node is not yet known to be dead
     * (a half-open TCP connection): the earlier socket, which holds the same id, ends now.
     */
    private void replaceEarlierSocket(SocketImpl socket) {
        SocketImpl earlier = socket.namespaceImpl().socket(socket.id());
        if (earlier != null && earlier != socket) {
            earlier.connection().disconnectSocket(earlier, "replaced by its recovery", true);
        }
    }

    /** Forgets a socket that never connected and tells the client why (CONNECT_ERROR). */
    private void refuse(SocketImpl socket, ObjectNode error, String code, String why) {
        forget(socket);
        refuseConnect(socket.namespace(), error, code, why);
    }

    /** Forgets a socket that never connected. */
    private void forget(SocketImpl socket) {
        sockets.remove(socket.namespace(), socket);
        socket.close();
    }

    /**
     * Answers a CONNECT with CONNECT_ERROR: one DEBUG line (code and address, never the token),
     * counted; after {@code maxRefusedConnects} refusals the session is closed.
     */
    private void refuseConnect(String namespace, ObjectNode error, String code, String why) {
        layer.counters().refusedConnect();
        int refused = REFUSED_CONNECTS.incrementAndGet(this);
        log.debug("refused connection to {} from {}: {} ({})", namespace, engine.remoteAddress(), code, why);
        engine.send(layer.encoder().connectError(namespace, error));
        int max = layer.limits().maxRefusedConnects();
        if (refused == max) {
            limit("refused_connects", refused + " CONNECTs refused");
        }
    }

    /** Ends one socket; {@code notifyClient} sends the client a DISCONNECT for the namespace. */
    void disconnectSocket(SocketImpl socket, String reason, boolean notifyClient) {
        if (!sockets.remove(socket.namespace(), socket)) {
            return;
        }
        if (notifyClient) {
            engine.send(layer.encoder().disconnect(socket.namespace()));
        }
        // on the socket's own queue: after the events it already accepted, and never concurrent
        // with one of its joins, so presence and typing end exactly once
        socket.executor().execute(() -> {
            boolean wasConnected = socket.connected();
            SessionRecord session = wasConnected ? socket.recordBeforeLeaving() : null;
            CompletionStage<Void> left = wasConnected ? layer.conversations().leaveAll(socket) : LEFT;
            socket.executor().continueAfter(left, () -> {
                if (socket.close() && wasConnected) {
                    keepOrForget(session, reason);
                    layer.counters().disconnected(socket.principal().userId());
                    socket.namespaceImpl().fireDisconnect(socket, reason);
                }
            });
        });
    }

    /**
     * A socket that lost its connection (transport closed or failed, no heartbeat, a slow reader,
     * the server shutting down) may recover; one that left or was ended by the server may not.
     */
    private void keepOrForget(SessionRecord session, String reason) {
        if (session == null) {
            return;
        }
        if (RECOVERABLE.contains(reason)) {
            layer.sessionStore().disconnected(session);
        } else {
            layer.sessionStore().forget(session);
        }
    }

    @Override
    public void onClose(String reason) {
        closed = true;
        cancelConnectTimeout();
        pendingBinary = null;
        pendingBuffers = null;
        for (SocketImpl socket : sockets.snapshot()) {
            disconnectSocket(socket, reason, false);
        }
    }

    private void cancelConnectTimeout() {
        ScheduledFuture<?> timeout = connectTimeout;
        if (timeout != null) {
            timeout.cancel(false);
            connectTimeout = null;
        }
    }

    private void onConnectTimeout() {
        if (!connectedOnce) {
            log.debug("session {} sent no CONNECT within {} ms; closing", engine.id(), layer.connectTimeoutMs());
            engine.close("connect timeout");
        }
    }

    /** A limit was exceeded: the session is closed, with one DEBUG line and a count. */
    private void limit(String code, String why) {
        layer.counters().limited(code);
        log.debug("closing session {} from {}: limit {} ({})", engine.id(), engine.remoteAddress(), code, why);
        engine.close("limit exceeded");
    }

    private void invalid(String why) {
        log.debug("closing session {} from {}: {}", engine.id(), engine.remoteAddress(), why);
        engine.close("parse error");
    }
}
