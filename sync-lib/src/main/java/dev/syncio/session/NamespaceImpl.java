package dev.syncio.session;

import dev.syncio.EventHandler;
import dev.syncio.SyncNamespace;
import dev.syncio.SyncSocket;
import dev.syncio.TypedEventHandler;
import dev.syncio.dispatch.TypedBinding;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A namespace: its handlers, its connected sockets and its rooms on this node. */
final class NamespaceImpl implements SyncNamespace {

    private static final Logger log = LoggerFactory.getLogger(NamespaceImpl.class);

    private final String name;
    private final List<Consumer<SyncSocket>> connectHandlers = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<SyncSocket, String>> disconnectHandlers = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<String, EventHandler> handlers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, SocketImpl> sockets = new ConcurrentHashMap<>();
    private final Rooms rooms = new Rooms();

    private final TypedBinding binding;

    NamespaceImpl(String name, TypedBinding binding) {
        this.name = name;
        this.binding = binding;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SyncNamespace onConnect(Consumer<SyncSocket> handler) {
        connectHandlers.add(Objects.requireNonNull(handler, "handler"));
        return this;
    }

    @Override
    public SyncNamespace onDisconnect(BiConsumer<SyncSocket, String> handler) {
        disconnectHandlers.add(Objects.requireNonNull(handler, "handler"));
        return this;
    }

    @Override
    public SyncNamespace on(String event, EventHandler handler) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(handler, "handler");
        if (BuiltInEvents.isReserved(event)) {
            throw new IllegalArgumentException("'" + event + "' is a built-in event of syncio and cannot be overridden");
        }
        if (handlers.putIfAbsent(event, handler) != null) {
            throw new IllegalStateException("a handler for '" + event + "' is already registered in namespace " + name);
        }
        return this;
    }

    @Override
    public <T> SyncNamespace on(String event, Class<T> type, TypedEventHandler<T> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        return on(event, binding.handler(type, handler));
    }

    EventHandler handler(String event) {
        return handlers.get(event);
    }

    Rooms rooms() {
        return rooms;
    }

    Collection<SocketImpl> sockets() {
        return sockets.values();
    }

    /** The socket of this node with that id, or null. */
    SocketImpl socket(String id) {
        return sockets.get(id);
    }

    void added(SocketImpl socket) {
        sockets.put(socket.id(), socket);
    }

    void removed(SocketImpl socket) {
        sockets.remove(socket.id(), socket); // not a recovered socket that took the id over
    }

    /** Runs on the socket's serial executor. */
    void fireConnect(SocketImpl socket) {
        for (Consumer<SyncSocket> handler : connectHandlers) {
            try {
                handler.accept(socket);
            } catch (RuntimeException e) {
                log.error("connect handler failed for socket {} of user {}", socket.id(), socket.principal().userId(), e);
            }
        }
    }

    /** Runs on the socket's serial executor. */
    void fireDisconnect(SocketImpl socket, String reason) {
        for (BiConsumer<SyncSocket, String> handler : disconnectHandlers) {
            try {
                handler.accept(socket, reason);
            } catch (RuntimeException e) {
                log.error("disconnect handler failed for socket {}", socket.id(), e);
            }
        }
    }
}
