package dev.syncio.session;

import dev.syncio.SyncEmitter;
import dev.syncio.event.ChatMessage;
import dev.syncio.event.ConversationChange;
import dev.syncio.event.MessageStatus;
import dev.syncio.event.Payloads;
import dev.syncio.transport.EngineFrame;
import dev.syncio.transport.EngineSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** An immutable emit target: rooms (or everyone) minus excluded sockets. */
final class EmitterImpl implements SyncEmitter {

    private final SocketLayer layer;
    private final NamespaceImpl namespace;
    private final Set<String> rooms;
    private final boolean all;
    private final Set<String> except;
    private final Set<String> exceptUsers;

    EmitterImpl(SocketLayer layer, NamespaceImpl namespace) {
        this(layer, namespace, Set.of(), false, Set.of(), Set.of());
    }

    private EmitterImpl(SocketLayer layer, NamespaceImpl namespace, Set<String> rooms, boolean all, Set<String> except,
                        Set<String> exceptUsers) {
        this.layer = layer;
        this.namespace = namespace;
        this.rooms = rooms;
        this.all = all;
        this.except = except;
        this.exceptUsers = exceptUsers;
    }

    @Override
    public SyncEmitter toConversation(String conversationId) {
        return withRoom("conversation:" + requireId(conversationId, "conversationId"));
    }

    @Override
    public SyncEmitter toUser(String userId) {
        return withRoom("user:" + requireId(userId, "userId"));
    }

    @Override
    public SyncEmitter toAll() {
        return new EmitterImpl(layer, namespace, rooms, true, except, exceptUsers);
    }

    @Override
    public SyncEmitter except(String socketId) {
        Set<String> copy = new LinkedHashSet<>(except);
        copy.add(Objects.requireNonNull(socketId, "socketId"));
        return new EmitterImpl(layer, namespace, rooms, all, Set.copyOf(copy), exceptUsers);
    }

    /** Leaves out every socket of one user (the typist, for {@code typing}). */
    EmitterImpl exceptUser(String userId) {
        Set<String> copy = new LinkedHashSet<>(exceptUsers);
        copy.add(userId);
        return new EmitterImpl(layer, namespace, rooms, all, except, Set.copyOf(copy));
    }

    @Override
    public void messageNew(ChatMessage message) {
        Objects.requireNonNull(message, "message");
        withRoom(ConversationRooms.room(message.conversationId())).emit("message:new",
                new Payloads.MessageNew(EventIds.next(), message.conversationId(), message));
    }

    @Override
    public void messageStatus(String conversationId, String messageId, MessageStatus status, String userId,
                              Instant at) {
        requireId(messageId, "messageId");
        requireId(userId, "userId");
        withRoom(ConversationRooms.room(requireId(conversationId, "conversationId"))).emit("message:status",
                new Payloads.MessageStatusChanged(EventIds.next(), conversationId, messageId,
                        Objects.requireNonNull(status, "status"), userId, Objects.requireNonNull(at, "at")));
    }

    @Override
    public void messageUpdated(ChatMessage message) {
        Objects.requireNonNull(message, "message");
        withRoom(ConversationRooms.room(message.conversationId())).emit("message:updated",
                new Payloads.MessageUpdated(EventIds.next(), message.conversationId(), message));
    }

    @Override
    public void conversationUpdated(String conversationId, ConversationChange change, Collection<String> memberIds) {
        requireId(conversationId, "conversationId");
        EmitterImpl target = this;
        for (String member : memberIds) {
            target = target.withRoom("user:" + requireId(member, "memberId"));
        }
        if (target.rooms.isEmpty() && !target.all) {
            return; // no members: nobody to tell
        }
        target.emit("conversation:updated", new Payloads.ConversationUpdated(EventIds.next(), conversationId,
                Objects.requireNonNull(change, "change"), Instant.now()));
    }

    @Override
    public void emit(String event, Object... args) {
        Objects.requireNonNull(event, "event");
        if (!all && rooms.isEmpty()) {
            throw new IllegalStateException("no target: call toConversation, toUser or toAll before emit");
        }
        var packet = layer.encoder().event(namespace.name(), event, java.util.Arrays.asList(args), -1);
        List<EngineSession> sessions = targetSessions();
        if (sessions.isEmpty()) {
            return;
        }
        // encoded once: every member's connection writes the same bytes
        EngineSession.broadcast(EngineFrame.message(packet), sessions);
        layer.counters().eventsOut(sessions.size());
    }

    /**
     * The sessions of the connected target sockets, each once. One room (the common case) or
     * everyone needs no de-duplication: a socket is in a room's member set, or the namespace, once.
     */
    private List<EngineSession> targetSessions() {
        Collection<SocketImpl> candidates;
        if (all) {
            candidates = namespace.sockets();
        } else if (rooms.size() == 1) {
            candidates = namespace.rooms().members(rooms.iterator().next());
        } else {
            Set<SocketImpl> union = new LinkedHashSet<>();
            for (String room : rooms) {
                union.addAll(namespace.rooms().members(room));
            }
            candidates = union;
        }
        List<EngineSession> sessions = new ArrayList<>(candidates.size());
        for (SocketImpl socket : candidates) {
            if (isTarget(socket)) {
                sessions.add(socket.engine());
            }
        }
        return sessions;
    }

    private boolean isTarget(SocketImpl socket) {
        return socket.connected()
                && (except.isEmpty() || !except.contains(socket.id()))
                && (exceptUsers.isEmpty() || !exceptUsers.contains(socket.principal().userId()));
    }

    private EmitterImpl withRoom(String room) {
        Set<String> copy = new LinkedHashSet<>(rooms);
        copy.add(room);
        return new EmitterImpl(layer, namespace, Set.copyOf(copy), all, except, exceptUsers);
    }

    private static String requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return id;
    }
}
