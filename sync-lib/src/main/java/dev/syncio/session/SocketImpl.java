package dev.syncio.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.EventHandler;
import dev.syncio.Principal;
import dev.syncio.SyncSocket;
import dev.syncio.SyncTransport;
import dev.syncio.conversation.RoomMember;
import dev.syncio.dispatch.EventSocket;
import dev.syncio.dispatch.RateLimiter;
import dev.syncio.emit.Recipient;
import dev.syncio.emit.RoomNames;
import dev.syncio.protocol.EncodedPacket;
import dev.syncio.protocol.JsonValues;
import dev.syncio.recovery.SessionRecord;
import dev.syncio.topic.Subscriber;
import dev.syncio.transport.EngineSession;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/** One socket: a connection's membership of one namespace. */
final class SocketImpl implements SyncSocket, EventSocket, RoomMember, Subscriber, Recipient {

    enum State { CONNECTING, CONNECTED, CLOSED }

    // counters and the ack table as plain fields behind static updaters: an Atomic* object per
    // field would cost every idle socket its header and padding
    private static final AtomicLongFieldUpdater<SocketImpl> RECORD_VERSION =
            AtomicLongFieldUpdater.newUpdater(SocketImpl.class, "recordVersion");
    private static final AtomicLongFieldUpdater<SocketImpl> NEXT_ACK_ID =
            AtomicLongFieldUpdater.newUpdater(SocketImpl.class, "nextAckId");
    private static final AtomicIntegerFieldUpdater<SocketImpl> QUEUED_EVENTS =
            AtomicIntegerFieldUpdater.newUpdater(SocketImpl.class, "queuedEvents");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<SocketImpl, ConcurrentMap> PENDING_ACKS =
            AtomicReferenceFieldUpdater.newUpdater(SocketImpl.class, ConcurrentMap.class, "pendingAcks");

    /** Final once connected; a recovering socket takes over the id of the socket it recovers. */
    private volatile String id;
    /** The private session id for connection state recovery, or null when recovery is off. */
    private volatile String pid;
    private volatile boolean recovered;
    /** This instance, as the owner of its session record (random, never reused). */
    private final String owner;
    private volatile long recordVersion;
    /** Set when the socket starts to disconnect: its leaving its rooms is not a change to save. */
    private volatile boolean leaving;
    private final NamespaceImpl namespace;
    private final SioConnection connection;
    private final SocketLayer layer;
    private final SerialExecutor executor;
    private final Map<String, Object> handshakeAuth;
    /** Most sockets are in their user room and a few conversations or topics. */
    private final RoomSet rooms = new RoomSet();
    private volatile long nextAckId;
    private volatile int queuedEvents;
    /**
     * Our emits that wait for the client's ack; null until the first one (set once, by CAS):
     * server-to-client acks are rare, so most sockets never need the table.
     */
    private volatile ConcurrentMap<Long, PendingAck> pendingAcks;
    private volatile Principal principal;
    private volatile ScheduledFuture<?> expiryTimer;
    private final RateLimiter rateLimiter;
    private volatile State state = State.CONNECTING;

    private record PendingAck(CompletableFuture<List<Object>> future, ScheduledFuture<?> timeout) {
    }

    SocketImpl(String id, NamespaceImpl namespace, SioConnection connection, SocketLayer layer,
               Map<String, Object> handshakeAuth) {
        this.id = id;
        this.namespace = namespace;
        this.connection = connection;
        this.layer = layer;
        this.executor = new SerialExecutor(layer.callbackPool());
        this.handshakeAuth = handshakeAuth;
        this.rateLimiter = layer.newRateLimiter();
        this.owner = layer.newSocketId();
    }

    /**
     * Judges one packet of this socket against its rate limit and its user's (once authenticated);
     * on the session's event loop, before the packet is queued.
     *
     * @param event the event's name, or null for an ack
     */
    RateLimiter.Verdict admit(String event) {
        Principal user = principal;
        return rateLimiter.admit(event, user == null ? null : layer.userRateLimits().bucket(user.userId()));
    }

    /** Packets of this socket refused by the rate limit so far. */
    long rateLimited() {
        return rateLimiter.dropped();
    }

    @Override
    public EventHandler handler(String event) {
        return namespace.handler(event);
    }

    @Override
    public boolean inRoom(String room) {
        return rooms.contains(room);
    }

    @Override
    public String userId() {
        return principal.userId();
    }

    @Override
    public void leaveRoom(String room) {
        if (!rooms.contains(room)) {
            return;
        }
        leave(room); // at once, in the bus's order: no event emitted after the revocation reaches the socket
        if (room.startsWith(RoomNames.CONVERSATION_PREFIX)) {
            String conversationId = room.substring(RoomNames.CONVERSATION_PREFIX.length());
            executor.execute(() -> executor.continueAfter(layer.conversations().left(this, conversationId), () -> { }));
        }
    }

    @Override
    public int conversationCount() {
        return conversations().size();
    }

    @Override
    public List<String> conversations() {
        return roomsNamed(RoomNames.CONVERSATION_PREFIX);
    }

    @Override
    public List<String> topics() {
        return roomsNamed(RoomNames.TOPIC_PREFIX);
    }

    /** The names after {@code prefix} of the socket's rooms that start with it. */
    private List<String> roomsNamed(String prefix) {
        List<String> names = new ArrayList<>();
        for (String room : rooms.snapshot()) {
            if (room.startsWith(prefix)) {
                names.add(room.substring(prefix.length()));
            }
        }
        return names;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean recovered() {
        return recovered;
    }

    String pid() {
        return pid;
    }

    String owner() {
        return owner;
    }

    /** A new session for recovery to keep: before the socket connects. */
    void newSession(String pid) {
        this.pid = pid;
    }

    /** Takes over the id and session of the socket this one recovers: before it connects. */
    void restore(String sid, String pid) {
        this.id = sid;
        this.pid = pid;
        this.recovered = true;
    }

    /** The socket's session as recovery keeps it, each call one version newer. */
    SessionRecord record() {
        return new SessionRecord(pid, id, namespace.name(), principal.userId(), Set.copyOf(conversations()),
                Set.copyOf(topics()), owner, RECORD_VERSION.incrementAndGet(this));
    }

    @Override
    public Principal principal() {
        return principal;
    }

    void principal(Principal principal) {
        this.principal = principal;
    }

    @Override
    public String namespace() {
        return namespace.name();
    }

    NamespaceImpl namespaceImpl() {
        return namespace;
    }

    @Override
    public Map<String, Object> handshakeAuth() {
        return handshakeAuth;
    }

    @Override
    public java.net.InetSocketAddress remoteAddress() {
        return connection.engine().remoteAddress();
    }

    @Override
    public SyncTransport transport() {
        return connection.engine().isWebSocket() ? SyncTransport.WEBSOCKET : SyncTransport.POLLING;
    }

    @Override
    public Set<String> rooms() {
        return rooms.snapshot(); // immutable already: later joins and leaves make a new set
    }

    @Override
    public boolean connected() {
        return state == State.CONNECTED;
    }

    State state() {
        return state;
    }

    SerialExecutor executor() {
        return executor;
    }

    SioConnection connection() {
        return connection;
    }

    @Override
    public void emit(String event, Object... args) {
        send(layer.encoder().event(namespace.name(), event, java.util.Arrays.asList(args), -1));
        layer.counters().eventsOut(1);
    }

    @Override
    public CompletableFuture<List<Object>> emitWithAck(String event, Duration timeout, Object... args) {
        CompletableFuture<List<Object>> future = new CompletableFuture<>();
        if (state != State.CONNECTED) {
            future.completeExceptionally(new IllegalStateException("socket " + id + " is not connected"));
            return future;
        }
        long ackId = NEXT_ACK_ID.getAndIncrement(this);
        ConcurrentMap<Long, PendingAck> acks = pendingAcks();
        ScheduledFuture<?> timer = layer.timer().schedule(() -> {
            PendingAck pending = acks.remove(ackId);
            if (pending != null) {
                pending.future().completeExceptionally(new TimeoutException(
                        "no ack for '" + event + "' from socket " + id + " within " + timeout.toMillis() + " ms"));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        acks.put(ackId, new PendingAck(future, timer));
        send(layer.encoder().event(namespace.name(), event, java.util.Arrays.asList(args), ackId));
        layer.counters().eventsOut(1);
        return future;
    }

    /** The table of pending acks, made by the first emit that waits for one. */
    private ConcurrentMap<Long, PendingAck> pendingAcks() {
        ConcurrentMap<Long, PendingAck> acks = pendingAcks;
        if (acks == null) {
            PENDING_ACKS.compareAndSet(this, null, new ConcurrentHashMap<Long, PendingAck>(2));
            acks = pendingAcks; // ours, or the one a concurrent emit set first
        }
        return acks;
    }

    /** An ACK from the client for one of our emits; completes on the socket's callback thread. */
    void onAck(long ackId, JsonNode args) {
        ConcurrentMap<Long, PendingAck> acks = pendingAcks;
        PendingAck pending = acks == null ? null : acks.remove(ackId);
        if (pending == null) {
            return; // late (timed out) or unknown: nothing waits for it
        }
        pending.timeout().cancel(false);
        List<Object> values = JsonValues.toJavaList(args, 0);
        executor.execute(() -> pending.future().complete(values));
    }

    /** The Engine.IO session carrying this socket. */
    @Override
    public EngineSession engine() {
        return connection.engine();
    }

    @Override
    public void send(EncodedPacket packet) {
        if (state != State.CLOSED) {
            connection.engine().send(packet);
        }
    }

    /** Replaces the pending session-expiry timer. */
    void expiryTimer(ScheduledFuture<?> timer) {
        ScheduledFuture<?> previous = expiryTimer;
        expiryTimer = timer;
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** CONNECTING becomes CONNECTED; false when the socket was closed meanwhile. */
    synchronized boolean markConnected() {
        if (state != State.CONNECTING) {
            return false;
        }
        state = State.CONNECTED;
        return true;
    }

    /** Counts an event into the socket's queue; false (not counted) when {@code max} are already waiting. */
    boolean eventQueued(int max) {
        while (true) {
            int queued = queuedEvents;
            if (queued >= max) {
                return false;
            }
            if (QUEUED_EVENTS.compareAndSet(this, queued, queued + 1)) {
                return true;
            }
        }
    }

    /** An event left the queue (its dispatch starts). */
    void eventDequeued() {
        QUEUED_EVENTS.decrementAndGet(this);
    }

    @Override
    public boolean join(String room) {
        if (state == State.CLOSED) {
            return false;
        }
        if (rooms.add(room)) {
            namespace.rooms().join(room, this);
            roomsChanged(room);
        }
        return true;
    }

    /**
     * Joins the namespace and the rooms restored by recovery, without saving the session for each;
     * nothing when the socket closed meanwhile (checked under the lock its close takes, so a close
     * either comes first or finds the rooms to leave).
     */
    synchronized void joinRestored(Set<String> restored) {
        if (state == State.CLOSED) {
            return;
        }
        namespace.added(this);
        for (String room : restored) {
            if (rooms.add(room)) {
                namespace.rooms().join(room, this);
            }
        }
    }

    @Override
    public void leave(String room) {
        if (rooms.remove(room)) {
            namespace.rooms().leave(room, this);
            roomsChanged(room);
        }
    }

    /**
     * The socket starts to disconnect: its session as it stands now (null when recovery is off),
     * before it leaves its rooms, which is then not saved.
     */
    SessionRecord recordBeforeLeaving() {
        leaving = true;
        return pid == null ? null : record();
    }

    /** A conversation or topic joined or left while connected: the session recovery keeps is saved again. */
    private void roomsChanged(String room) {
        if (pid != null && !leaving && state == State.CONNECTED
                && (room.startsWith(RoomNames.CONVERSATION_PREFIX) || room.startsWith(RoomNames.TOPIC_PREFIX))) {
            layer.sessionStore().connected(record());
        }
    }

    @Override
    public void disconnect() {
        connection.disconnectSocket(this, "server namespace disconnect", true);
    }

    /** Tears the socket down once; returns false when it was already closed. */
    boolean close() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CLOSED;
        }
        for (String room : rooms.snapshot()) {
            leave(room);
        }
        namespace.removed(this);
        expiryTimer(null);
        ConcurrentMap<Long, PendingAck> acks = pendingAcks;
        for (Long ackId : acks == null ? List.<Long>of() : List.copyOf(acks.keySet())) {
            PendingAck pending = acks.remove(ackId);
            if (pending != null) {
                pending.timeout().cancel(false);
                pending.future().completeExceptionally(new IllegalStateException("socket " + id + " disconnected"));
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "socket " + id + " (" + namespace.name() + ")";
    }
}
