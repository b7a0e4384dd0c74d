package dev.syncio.recovery;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where the sessions of connection state recovery live between a client's connections: in memory
 * on one node ({@link LocalSessionStore}), in Redis for a cluster, so that a client whose node died
 * recovers on another. A record is saved when its socket connects and whenever its conversations
 * change, not only when it disconnects. Nothing here blocks. Internal: not part of syncio's API.
 */
public interface SessionStore extends AutoCloseable {

    /**
     * Saves the record of a connected socket. It stays while the socket is connected and for at
     * least the recovery window after its node stops saying so (a node that died). Ignored when
     * the record was taken over by another owner, or a newer version of this owner is stored.
     */
    void connected(SessionRecord record);

    /** The socket is gone but may come back: the record is kept for the recovery window from now. */
    void disconnected(SessionRecord record);

    /** The socket ended for good (it left, or the server ended it): the record is dropped. */
    void forget(SessionRecord record);

    /**
     * Takes the record of {@code pid} for a connection of {@code userId} in {@code namespace} that
     * recovers it: of two takers, one gets it, and from now on only {@code newOwner} may save it.
     * Completes with empty, and takes nothing, when the pid is unknown, its window passed, or it
     * belongs to another user or namespace; fails when the store cannot answer.
     */
    CompletionStage<Optional<SessionRecord>> take(String pid, String userId, String namespace, String newOwner);

    /** Records held now, or -1 when unknown (a shared store). */
    long size();

    @Override
    void close();
}
