package dev.syncio.demo.chat;

import dev.syncio.ConversationAccess;
import dev.syncio.demo.store.ConversationStore;
import dev.syncio.demo.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what in which conversation: the members of a conversation (the membership table) may
 * read, send and join its room; nobody else may.
 */
public final class Memberships {

    private static final Logger log = LoggerFactory.getLogger(Memberships.class);

    /** Checks for join_conversation wait here, never on syncio's callback threads. */
    private static final int CHECK_THREADS = 4;
    private static final int CHECK_QUEUE = 1_000;

    private final Database database;
    private final ConversationStore conversations;
    /**
     * Runs syncio's membership checks: as many threads as a share of the database pool, a bounded
     * queue (a full one refuses the join), threads that end when idle (nothing to shut down).
     */
    private final ThreadPoolExecutor checks;

    /** Memberships read from {@code conversations}. */
    public Memberships(Database database, ConversationStore conversations) {
        this.database = Objects.requireNonNull(database, "database");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.checks = new ThreadPoolExecutor(CHECK_THREADS, CHECK_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(CHECK_QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "membership-check");
                    thread.setDaemon(true);
                    return thread;
                });
        checks.allowCoreThreadTimeOut(true);
    }

    /** Whether the user is a member (false for unknown conversations). */
    public boolean isMember(String userId, String conversationId) {
        return database.read(c -> conversations.isMember(c, conversationId, userId));
    }

    /**
     * syncio's access policy for {@code join_conversation}: members only. Unknown conversations
     * and database failures (logged) answer no. The query runs on this class's own bounded
     * threads, so a slow database never holds syncio's callback threads.
     */
    public ConversationAccess policy() {
        return ConversationAccess.blocking((principal, conversationId) -> {
            try {
                return isMember(principal.userId(), conversationId);
            } catch (RuntimeException e) {
                log.warn("membership check of {} in {} failed; refusing the join", principal.userId(),
                        conversationId, e);
                return false;
            }
        }, checks);
    }

    /**
     * Refuses unless the user is a member: {@link ChatException.Kind#NOT_FOUND} for an unknown
     * conversation, {@link ChatException.Kind#FORBIDDEN} for a non-member.
     */
    public void require(Connection connection, String userId, String conversationId) throws SQLException {
        if (conversations.isMember(connection, conversationId, userId)) {
            return;
        }
        if (!conversations.exists(connection, conversationId)) {
            throw ChatException.notFound("no conversation " + conversationId);
        }
        throw ChatException.forbidden("not a member of conversation " + conversationId);
    }
}
