package dev.syncio.demo.chat;

import dev.syncio.demo.store.Database;
import dev.syncio.demo.store.DuplicateKeyException;
import dev.syncio.demo.store.MessageStore;
import dev.syncio.demo.store.ReadMarkStore;
import dev.syncio.event.ChatMessage;
import dev.syncio.event.MessageStatus;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Delivery and read receipts: a member reports {@code delivered} or {@code read} for a message,
 * the conversation hears {@code message:status}, and {@code read} moves the member's read mark
 * (which clears their unread count up to that message).
 */
public final class MessageStatuses {

    private final Database database;
    private final MessageStore messages;
    private final ReadMarkStore readMarks;
    private final Memberships memberships;
    private final LiveUpdates live;
    private final Clock clock;

    /** Receipts on these stores, announcing through {@code live}. */
    public MessageStatuses(Database database, MessageStore messages, ReadMarkStore readMarks, Memberships memberships,
                           LiveUpdates live, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.readMarks = Objects.requireNonNull(readMarks, "readMarks");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.live = Objects.requireNonNull(live, "live");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records a receipt and announces it.
     *
     * @param status {@code delivered} or {@code read}
     * @throws ChatException {@code INVALID} for another status, {@code NOT_FOUND} for an unknown
     *                       conversation or message, {@code FORBIDDEN} for non-members
     */
    public void report(String userId, String conversationId, String messageId, String status) {
        MessageStatus parsed = parse(status);
        try {
            record(userId, conversationId, messageId, parsed);
        } catch (DuplicateKeyException e) {
            // a first read mark inserted concurrently by the same user: now there is one to move
            record(userId, conversationId, messageId, parsed);
        }
        live.messageStatus(conversationId, messageId, parsed, userId, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private void record(String userId, String conversationId, String messageId, MessageStatus status) {
        database.transaction(c -> {
            memberships.require(c, userId, conversationId);
            ChatMessage message = messages.find(c, conversationId, messageId).orElseThrow(() ->
                    ChatException.notFound("no message " + messageId + " in conversation " + conversationId));
            if (status == MessageStatus.READ) {
                readMarks.advance(c, userId, message);
            }
            return null;
        });
    }

    private static MessageStatus parse(String status) {
        if ("delivered".equals(status)) {
            return MessageStatus.DELIVERED;
        }
        if ("read".equals(status)) {
            return MessageStatus.READ;
        }
        throw ChatException.invalid("status must be \"delivered\" or \"read\"");
    }
}
