package dev.syncio.emit;

import dev.syncio.transport.EngineSession;

/** What delivery needs to know of one socket of this node. Internal. */
public interface Recipient {

    /** The socket id, unique in the cluster. */
    String id();

    /** The id of the user the socket belongs to. */
    String userId();

    /** Whether the socket is connected (not still authenticating, not closed). */
    boolean connected();

    /** The Engine.IO session that carries the socket. */
    EngineSession engine();

    /** Takes the socket out of a conversation (membership revoked), after its queued events. */
    void leaveConversation(String conversationId);
}
