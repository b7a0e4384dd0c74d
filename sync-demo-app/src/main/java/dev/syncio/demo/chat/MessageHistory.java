package dev.syncio.demo.chat;

import dev.syncio.demo.store.Database;
import dev.syncio.demo.store.MessageStore;
import dev.syncio.event.ChatMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Reading a conversation's messages page by page, newest page first, for its members. */
public final class MessageHistory {

    /** The page size when none is asked for. */
    public static final int DEFAULT_LIMIT = 50;
    /** The largest page. */
    public static final int MAX_LIMIT = 200;

    /**
     * One page of messages.
     *
     * @param messages oldest first (newest last)
     * @param hasMore  whether older messages exist before the first one
     */
    public record Page(List<ChatMessage> messages, boolean hasMore) {

        /** Copies. */
        public Page {
            messages = List.copyOf(messages);
        }
    }

    private final Database database;
    private final MessageStore messages;
    private final Memberships memberships;

    /** History read from {@code messages}, for members only. */
    public MessageHistory(Database database, MessageStore messages, Memberships memberships) {
        this.database = Objects.requireNonNull(database, "database");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
    }

    /**
     * The newest {@code limit} messages older than {@code beforeMessageId} (or the newest ones when
     * it is null).
     *
     * @param limit 1 to {@link #MAX_LIMIT}; larger values are capped
     * @throws ChatException {@code INVALID} for a limit below 1, {@code NOT_FOUND} for an unknown
     *                       conversation or {@code before} message, {@code FORBIDDEN} for non-members
     */
    public Page page(String userId, String conversationId, String beforeMessageId, int limit) {
        if (limit < 1) {
            throw ChatException.invalid("limit must be at least 1");
        }
        int size = Math.min(limit, MAX_LIMIT);
        return database.transaction(c -> {
            memberships.require(c, userId, conversationId);
            ChatMessage before = null;
            if (beforeMessageId != null) {
                before = messages.find(c, conversationId, beforeMessageId)
                        .orElseThrow(() -> ChatException.notFound("no message " + beforeMessageId + " in conversation "
                                + conversationId));
            }
            List<ChatMessage> newestFirst = new ArrayList<>(messages.newestFirst(c, conversationId, before, size + 1));
            boolean hasMore = newestFirst.size() > size;
            List<ChatMessage> page = new ArrayList<>(newestFirst.subList(0, Math.min(size, newestFirst.size())));
            Collections.reverse(page);
            return new Page(page, hasMore);
        });
    }
}
