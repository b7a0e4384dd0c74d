package dev.syncio.conversation;

/**
 * Told by the cluster when a node died without shutting down and another node cleaned up after
 * it, so that the members of its conversations learn what its sockets can no longer say.
 * Internal: not part of syncio's API.
 */
public interface NodeLossListener {

    /** The user's last socket in the conversation was on the dead node: announce {@code online: false}. */
    void wentOffline(String namespace, String conversationId, String userId);

    /** The user was typing in the conversation from the dead node: announce {@code typing: false}. */
    void stoppedTyping(String namespace, String conversationId, String userId);
}
