package dev.syncio.conversation;

import dev.syncio.ConversationAccess;
import dev.syncio.ErrorCode;
import dev.syncio.SyncException;
import dev.syncio.dispatch.PolicyAnswers;
import dev.syncio.emit.RoomNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversation membership of sockets: join (access-checked), leave, leave on disconnect, and
 * presence (a user is online in a conversation while one of their sockets, on any node, is in its
 * room). Every operation returns a stage and waits on nothing: the access policy, and in a cluster
 * the presence store, answer asynchronously. The socket's callback queue waits for the stage, so
 * the socket's later events see the join done.
 */
public final class ConversationRooms {

    private static final Logger log = LoggerFactory.getLogger(ConversationRooms.class);

    private final ConversationAccess access;
    private final int maxConversationsPerSocket;
    private final PresenceStore presence;
    private final Announcements announcements;
    private final TypingTracker typing;

    public ConversationRooms(ConversationAccess access, int maxConversationsPerSocket, PresenceStore presence,
                             Announcements announcements, TypingTracker typing) {
        this.access = access;
        this.maxConversationsPerSocket = maxConversationsPerSocket;
        this.presence = presence;
        this.announcements = announcements;
        this.typing = typing;
    }

    /** Joins after asking the host's policy; completes with the join ack ({@code ok, conversationId, online}). */
    public CompletionStage<Map<String, Object>> join(RoomMember socket, String conversationId) {
        String room = RoomNames.conversation(conversationId);
        if (socket.inRoom(room)) {
            return onlineAck(socket, conversationId);
        }
        if (socket.conversationCount() >= maxConversationsPerSocket) {
            return CompletableFuture.failedFuture(new SyncException(ErrorCode.FORBIDDEN,
                    "a socket may be in at most " + maxConversationsPerSocket + " conversations"));
        }
        return allowed(socket, conversationId).thenCompose(allowed -> {
            if (!allowed) {
                throw new SyncException(ErrorCode.FORBIDDEN, "not allowed in this conversation");
            }
            if (!socket.join(room)) {
                throw new SyncException(ErrorCode.FORBIDDEN, "the socket is disconnected");
            }
            return present(socket, conversationId);
        }).thenCompose(done -> onlineAck(socket, conversationId));
    }

    private CompletionStage<Map<String, Object>> onlineAck(RoomMember socket, String conversationId) {
        String userId = socket.principal().userId();
        return bounded(presence.online(socket.namespace(), conversationId)).exceptionally(error -> {
            log.debug("presence of conversation {} unknown: {}", conversationId, error.toString());
            return Set.of(userId); // all that is known without the store
        }).thenApply(online -> {
            Map<String, Object> ack = new LinkedHashMap<>();
            ack.put("ok", true);
            ack.put("conversationId", conversationId);
            ack.put("online", List.copyOf(online));
            return ack;
        });
    }

    /**
     * Asks the host's policy again for a conversation a recovering socket was in: a user removed
     * while away gets neither the room nor its missed events. False when the policy fails or
     * does not answer in time.
     */
    public CompletionStage<Boolean> mayRejoin(RoomMember socket, String conversationId) {
        return allowed(socket, conversationId);
    }

    /**
     * Records the presence of a recovered socket in a conversation whose room it already joined
     * (its user is announced online when it is their first socket there, as on a join).
     */
    public CompletionStage<Void> restored(RoomMember socket, String conversationId) {
        return present(socket, conversationId);
    }

    /**
     * Counts a socket that is in a conversation's room into its presence, announcing its user
     * online when it is their first socket there. The join stands when the presence store cannot
     * answer (Redis unreachable): the socket gets the room's events; only the presence is lost.
     */
    private CompletionStage<Void> present(RoomMember socket, String conversationId) {
        String userId = socket.principal().userId();
        return bounded(presence.joined(socket.namespace(), conversationId, userId)).handle((first, error) -> {
            if (error != null) {
                log.debug("presence of user {} in conversation {} not recorded: {}", userId, conversationId,
                        error.toString());
            } else if (first) {
                announcements.presence(socket.namespace(), conversationId, userId, true);
            }
            return null;
        });
    }

    private CompletionStage<Boolean> allowed(RoomMember socket, String conversationId) {
        return PolicyAnswers.ask(() -> access.canJoin(socket.principal(), conversationId), error -> log.warn(
                "conversation access check failed for user {} and conversation {}; refusing",
                socket.principal().userId(), conversationId, error));
    }

    /** Leaves one conversation; a no-op when the socket is not in it. */
    public CompletionStage<Void> leave(RoomMember socket, String conversationId) {
        String room = RoomNames.conversation(conversationId);
        if (!socket.inRoom(room)) {
            return CompletableFuture.completedFuture(null);
        }
        socket.leave(room);
        return left(socket, conversationId);
    }

    /**
     * What follows a socket's leaving a conversation's room: its typing ends, and its user goes
     * offline there when it was their last socket. For a revocation, whose sockets leave the room
     * at once (so that no event emitted after it reaches them) and update presence afterwards.
     */
    public CompletionStage<Void> left(RoomMember socket, String conversationId) {
        typing.socketLeft(socket, conversationId);
        String userId = socket.principal().userId();
        return bounded(presence.left(socket.namespace(), conversationId, userId)).handle((last, error) -> {
            if (error != null) {
                log.warn("presence of user {} in conversation {} not updated: {}", userId, conversationId,
                        error.toString());
            } else if (last) {
                announcements.presence(socket.namespace(), conversationId, userId, false);
            }
            return null;
        });
    }

    /** Leaves every conversation, one after the other; for a socket that disconnects. */
    public CompletionStage<Void> leaveAll(RoomMember socket) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (String conversationId : socket.conversations()) {
            chain = chain.thenCompose(done -> leave(socket, conversationId));
        }
        return chain;
    }

    /** The users online in a conversation, cluster-wide. */
    public CompletionStage<Set<String>> online(String namespace, String conversationId) {
        return bounded(presence.online(namespace, conversationId));
    }

    /** A store that does not answer never holds a socket's queue for longer than this. */
    private static <T> CompletionStage<T> bounded(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(PolicyAnswers.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
