package dev.syncio.conversation;

import dev.syncio.ErrorCode;
import dev.syncio.SyncException;
import dev.syncio.emit.RoomNames;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Who is typing where. {@code typing_start} is relayed as {@code typing: true} to the other members
 * of the conversation (never to the typist's own sockets), once: repeated starts within the
 * timeout only extend it. It ends with {@code typing_stop}, after the timeout, when the typing
 * socket leaves the conversation, or when it disconnects. The presence store records it too, so
 * that another node ends it if this one dies.
 */
public final class TypingTracker {

    private record Key(String namespace, String conversationId, String userId) {
    }

    private record State(String socketId, ScheduledFuture<?> expiry) {
    }

    private final ScheduledExecutorService timer;
    private final Duration timeout;
    private final Announcements announcements;
    private final PresenceStore presence;
    private final ConcurrentMap<Key, State> typing = new ConcurrentHashMap<>();

    public TypingTracker(ScheduledExecutorService timer, Duration timeout, Announcements announcements,
                         PresenceStore presence) {
        this.timer = timer;
        this.timeout = timeout;
        this.announcements = announcements;
        this.presence = presence;
    }

    /** {@code typing_start} from a socket that must be in the conversation. */
    public void start(RoomMember socket, String conversationId) {
        if (!socket.inRoom(RoomNames.conversation(conversationId))) {
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
            return new State(socket.id(), timer.schedule(() -> expire(key), timeout.toMillis(), TimeUnit.MILLISECONDS));
        });
        if (started[0]) {
            announce(key, true);
        }
    }

    /** {@code typing_stop} from a socket that must be in the conversation. */
    public void stop(RoomMember socket, String conversationId) {
        if (!socket.inRoom(RoomNames.conversation(conversationId))) {
            throw new SyncException(ErrorCode.FORBIDDEN, "not in this conversation");
        }
        Key key = new Key(socket.namespace(), conversationId, socket.principal().userId());
        State state = typing.remove(key);
        if (state != null) {
            state.expiry().cancel(false);
            announce(key, false);
        }
    }

    /** The socket left the conversation (or is disconnecting): its typing there ends. */
    void socketLeft(RoomMember socket, String conversationId) {
        Key key = new Key(socket.namespace(), conversationId, socket.principal().userId());
        State state = typing.get(key);
        if (state != null && state.socketId().equals(socket.id()) && typing.remove(key, state)) {
            state.expiry().cancel(false);
            announce(key, false);
        }
    }

    private void expire(Key key) {
        State state = typing.get(key);
        if (state != null && state.expiry().getDelay(TimeUnit.MILLISECONDS) <= 0 && typing.remove(key, state)) {
            announce(key, false);
        }
    }

    private void announce(Key key, boolean isTyping) {
        presence.typing(key.namespace(), key.conversationId(), key.userId(), isTyping);
        announcements.typing(key.namespace(), key.conversationId(), key.userId(), isTyping);
    }
}
