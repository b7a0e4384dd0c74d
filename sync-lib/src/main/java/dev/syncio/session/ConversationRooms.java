package dev.syncio.session;

import dev.syncio.ConversationAccess;
import dev.syncio.ErrorCode;
import dev.syncio.SyncException;
import dev.syncio.event.Payloads;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversation membership of sockets: join (access-checked), leave, revoke, leave on disconnect,
 * and presence (a user is online in a conversation while one of their sockets is in its room).
 */
final class ConversationRooms {

    static final String PREFIX = "conversation:";
    private static final Logger log = LoggerFactory.getLogger(ConversationRooms.class);
    private static final long ACCESS_TIMEOUT_SECONDS = 10;

    private final SocketLayer layer;
    private final ConversationAccess access;
    private final int maxConversationsPerSocket;
    /** conversationId -> userId -> sockets of that user in the room (this node). */
    private final ConcurrentMap<String, ConcurrentMap<String, Integer>> online = new ConcurrentHashMap<>();

    ConversationRooms(SocketLayer layer, ConversationAccess access, int maxConversationsPerSocket) {
        this.layer = layer;
        this.access = access;
        this.maxConversationsPerSocket = maxConversationsPerSocket;
    }

    static String room(String conversationId) {
        return PREFIX + conversationId;
    }

    /**
     * Joins after asking the host's policy. Runs on the socket's callback thread and waits for an
     * asynchronous policy there, so the socket's later events are handled after the join.
     */
    Map<String, Object> join(SocketImpl socket, String conversationId) {
        String room = room(conversationId);
        if (!socket.inRoom(room)) {
            if (conversationCount(socket) >= maxConversationsPerSocket) {
                throw new SyncException(ErrorCode.FORBIDDEN, "a socket may be in at most "
                        + maxConversationsPerSocket + " conversations");
            }
            if (!allowed(socket, conversationId)) {
                throw new SyncException(ErrorCode.FORBIDDEN, "not allowed in this conversation");
            }
            socket.join(room);
            boolean first = increment(conversationId, socket.principal().userId());
            if (first) {
                announcePresence(socket, conversationId, true);
            }
        }
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("ok", true);
        ack.put("conversationId", conversationId);
        ack.put("online", List.copyOf(online(conversationId)));
        return ack;
    }

    private boolean allowed(SocketImpl socket, String conversationId) {
        try {
            Boolean answer = access.canJoin(socket.principal(), conversationId).toCompletableFuture()
                    .get(ACCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Boolean.TRUE.equals(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("conversation access check failed for user {} and conversation {}; refusing",
                    socket.principal().userId(), conversationId, e);
            return false;
        }
    }

    /** Leaves one conversation; a no-op when the socket is not in it. */
    void leave(SocketImpl socket, String conversationId) {
        String room = room(conversationId);
        if (!socket.inRoom(room)) {
            return;
        }
        layer.typing().socketLeft(socket, conversationId);
        socket.leave(room);
        if (decrement(conversationId, socket.principal().userId())) {
            announcePresence(socket, conversationId, false);
        }
    }

    /** Leaves every conversation; called when the socket disconnects. */
    void leaveAll(SocketImpl socket) {
        for (String room : socket.rooms()) {
            if (room.startsWith(PREFIX)) {
                leave(socket, room.substring(PREFIX.length()));
            }
        }
    }

    /** Removes a user from a conversation on all their sockets of this node (membership revoked). */
    int revoke(NamespaceImpl namespace, String userId, String conversationId) {
        int removed = 0;
        for (SocketImpl socket : List.copyOf(namespace.rooms().members(room(conversationId)))) {
            if (socket.principal().userId().equals(userId)) {
                socket.executor().execute(() -> leave(socket, conversationId));
                removed++;
            }
        }
        return removed;
    }

    /** Users with at least one socket in the conversation's room on this node. */
    Set<String> online(String conversationId) {
        Map<String, Integer> users = online.get(conversationId);
        return users == null ? Set.of() : Set.copyOf(users.keySet());
    }

    int conversationsWithMembers() {
        return online.size();
    }

    private static int conversationCount(SocketImpl socket) {
        return (int) socket.rooms().stream().filter(r -> r.startsWith(PREFIX)).count();
    }

    /** @return true when this was the user's first socket in the room */
    private boolean increment(String conversationId, String userId) {
        int[] after = new int[1];
        online.compute(conversationId, (id, users) -> {
            ConcurrentMap<String, Integer> map = users == null ? new ConcurrentHashMap<>() : users;
            after[0] = map.merge(userId, 1, Integer::sum);
            return map;
        });
        return after[0] == 1;
    }

    /** @return true when this was the user's last socket in the room */
    private boolean decrement(String conversationId, String userId) {
        boolean[] last = new boolean[1];
        online.computeIfPresent(conversationId, (id, users) -> {
            Integer left = users.computeIfPresent(userId, (u, n) -> n <= 1 ? null : n - 1);
            last[0] = left == null;
            return users.isEmpty() ? null : users;
        });
        return last[0];
    }

    private void announcePresence(SocketImpl socket, String conversationId, boolean isOnline) {
        var payload = new Payloads.Presence(EventIds.next(), conversationId, socket.principal().userId(), isOnline,
                Instant.now());
        layer.emitter(socket.namespaceImpl()).toConversation(conversationId).emit("presence", payload);
    }
}
