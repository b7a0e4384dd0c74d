package dev.syncio.session;

import dev.syncio.SyncEmitter;
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

    EmitterImpl(SocketLayer layer, NamespaceImpl namespace) {
        this(layer, namespace, Set.of(), false, Set.of());
    }

    private EmitterImpl(SocketLayer layer, NamespaceImpl namespace, Set<String> rooms, boolean all, Set<String> except) {
        this.layer = layer;
        this.namespace = namespace;
        this.rooms = rooms;
        this.all = all;
        this.except = except;
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
        return new EmitterImpl(layer, namespace, rooms, true, except);
    }

    @Override
    public SyncEmitter except(String socketId) {
        Set<String> copy = new LinkedHashSet<>(except);
        copy.add(Objects.requireNonNull(socketId, "socketId"));
        return new EmitterImpl(layer, namespace, rooms, all, Set.copyOf(copy));
    }

    @Override
    public void emit(String event, Object... args) {
        Objects.requireNonNull(event, "event");
        if (!all && rooms.isEmpty()) {
            throw new IllegalStateException("no target: call toConversation, toUser or toAll before emit");
        }
        var packet = layer.encoder().event(namespace.name(), event, java.util.Arrays.asList(args), -1);
        Collection<SocketImpl> targets = targets();
        for (SocketImpl socket : targets) {
            socket.send(packet);
        }
        layer.stats().eventsOut(targets.size());
    }

    private Collection<SocketImpl> targets() {
        Set<SocketImpl> targets = new LinkedHashSet<>();
        if (all) {
            targets.addAll(namespace.sockets());
        } else {
            for (String room : rooms) {
                targets.addAll(namespace.rooms().members(room));
            }
        }
        targets.removeIf(s -> except.contains(s.id()) || !s.connected());
        return targets;
    }

    private EmitterImpl withRoom(String room) {
        Set<String> copy = new LinkedHashSet<>(rooms);
        copy.add(room);
        return new EmitterImpl(layer, namespace, Set.copyOf(copy), all, except);
    }

    private static String requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return id;
    }
}
