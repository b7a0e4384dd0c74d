package dev.syncio.session;

import dev.syncio.ErrorCode;
import dev.syncio.SyncException;
import dev.syncio.event.Payloads;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Who is typing where. {@code typing_start} is relayed as {@code typing: true} to the other members
 * of the conversation (never to the typist's own sockets), once: repeated starts within the
 * timeout only extend it. It ends with {@code typing_stop}, after the timeout, when the typing
 * socket leaves the conversation, or when it disconnects.
 */
final class TypingTracker {

    private record Key(String namespace, String conversationId, String userId) {
    }

    private record State(String socketId, ScheduledFuture<?> expiry) {
    }

    private final SocketLayer layer;
    private final Duration timeout;
    private final ConcurrentMap<Key, State> typing = new ConcurrentHashMap<>();

    TypingTracker(SocketLayer layer, Duration timeout) {
        this.layer = layer;
        this.timeout = timeout;
    }

    void start(SocketImpl socket, String conversationId) {
        if (!socket.inRoom(ConversationRooms.room(conversationId))) {
            throw new SyncException(ErrorCode.FORBIDDEN, "join the conversation before typing in it");
        }
        Key key = new Key(socket.namespace(), conversationId, socket.principal().userId());
        boolean[] started = new boolean[1];
        typing.compute(key, (k, previous) -> {
            if (previous != null) {
                previous.expiry().cancel(false);
            } else {
                started[0] = true;
            }
            return new State(socket.id(), layer.timer().schedule(() -> expire(socket, key), timeout.toMillis(),
                    TimeUnit.MILLISECONDS));
        });
        if (started[0]) {
            announce(socket, key, true);
        }
    }

    void stop(SocketImpl socket, String conversationId) {
        Key key = new Key(socket.namespace(), conversationId, socket.principal().userId());
        State state = typing.remove(key);
        if (state != null) {
            state.expiry().cancel(false);
            announce(socket, key, false);
        }
    }

    /** The socket left the conversation (or is disconnecting): its typing there ends. */
    void socketLeft(SocketImpl socket, String conversationId) {
        Key key = new Key(socket.namespace(), conversationId, socket.principal().userId());
        State state = typing.get(key);
        if (state != null && state.socketId().equals(socket.id()) && typing.remove(key, state)) {
            state.expiry().cancel(false);
            announce(socket, key, false);
        }
    }

    private void expire(SocketImpl socket, Key key) {
        State state = typing.get(key);
        if (state != null && state.expiry().getDelay(TimeUnit.MILLISECONDS) <= 0 && typing.remove(key, state)) {
            announce(socket, key, false);
        }
    }

    private void announce(SocketImpl socket, Key key, boolean isTyping) {
        var payload = new Payloads.Typing(EventIds.next(), key.conversationId(), key.userId(), isTyping);
        ((EmitterImpl) layer.emitter(socket.namespaceImpl()).toConversation(key.conversationId()))
                .exceptUser(key.userId()).emit("typing", payload);
    }
}
