package dev.syncio.demo.chat;

import dev.syncio.ConversationAccess;
import dev.syncio.demo.store.ConversationStore;
import dev.syncio.demo.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what in which conversation: the members of a conversation (the membership table) may
 * read, send and join its room; nobody else may.
 */
public final class Memberships {

    private static final Logger log = LoggerFactory.getLogger(Memberships.class);

    private final Database database;
    private final ConversationStore conversations;

    /** Memberships read from {@code conversations}. */
    public Memberships(Database database, ConversationStore conversations) {
        this.database = Objects.requireNonNull(database, "database");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
    }

    /** Whether the user is a member (false for unknown conversations). */
    public boolean isMember(String userId, String conversationId) {
        return database.read(c -> conversations.isMember(c, conversationId, userId));
    }

    /**
     * syncio's access policy for {@code join_conversation}: members only. Unknown conversations
     * and database failures (logged) answer no.
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
        });
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
