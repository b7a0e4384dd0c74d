package dev.syncio.conversation;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Who is online in which conversation, counted in sockets per user: in memory for one node
 * ({@link LocalPresence}), in Redis across nodes ({@code dev.syncio.cluster.RedisPresence}). A user
 * is online in a conversation while at least one of their sockets, on any node, is in its room.
 * Calls never block; the stages complete on a thread of the store. Internal: not part of
 * syncio's API.
 */
public interface PresenceStore {

    /** A socket of {@code userId} joined; completes with true when it is the user's first one (cluster-wide). */
    CompletionStage<Boolean> joined(String namespace, String conversationId, String userId);

    /** A socket of {@code userId} left; completes with true when it was the user's last one (cluster-wide). */
    CompletionStage<Boolean> left(String namespace, String conversationId, String userId);

    /** The users online in the conversation (cluster-wide). */
    CompletionStage<Set<String>> online(String namespace, String conversationId);

    /**
     * Records that {@code userId} started or stopped typing from this node, so that other nodes can
     * end the typing when this node dies. Fire and forget.
     */
    void typing(String namespace, String conversationId, String userId, boolean typing);
}
