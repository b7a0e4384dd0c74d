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

    /**
     * Takes the socket out of a conversation or topic room (access revoked) at once: events
     * delivered after this call do not reach it; those already queued for it still go out.
     */
    void leaveRoom(String room);
}
