package dev.syncio.demo.chat;

import dev.syncio.demo.store.Database;
import dev.syncio.demo.store.DuplicateKeyException;
import dev.syncio.demo.store.Ids;
import dev.syncio.demo.store.MessageStore;
import dev.syncio.event.ChatMessage;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Sending a message, the one path for REST, the webhook and the {@code send_message} socket
 * event: validate, store in a transaction, then (after the commit) announce {@code message:new}.
 * Idempotent by {@code clientMessageId}: a sender repeating one in a conversation gets the stored
 * message back, and nothing is stored or announced again.
 */
public final class Messaging {

    /** The longest accepted text, in characters (Unicode code points). */
    public static final int MAX_TEXT = 4000;
    /** The longest accepted {@code clientMessageId}. */
    public static final int MAX_CLIENT_MESSAGE_ID = 128;

    /**
     * The outcome of a send.
     *
     * @param message the stored message (the earlier one for a repeated {@code clientMessageId})
     * @param created whether this call stored it
     */
    public record SendResult(ChatMessage message, boolean created) {
    }

    private final Database database;
    private final MessageStore messages;
    private final Memberships memberships;
    private final LiveUpdates live;
    private final Ids ids;
    private final Clock clock;

    /** Messaging on these stores, announcing through {@code live}. */
    public Messaging(Database database, MessageStore messages, Memberships memberships, LiveUpdates live, Ids ids,
                     Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.live = Objects.requireNonNull(live, "live");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sends and announces to every socket in the conversation. */
    public SendResult send(String senderId, String conversationId, String text, String clientMessageId) {
        return send(senderId, conversationId, text, clientMessageId, null);
    }

    /**
     * Sends and announces to the conversation except {@code exceptSocketId} (the sending socket,
     * which has its ack), when not null.
     *
     * @throws ChatException {@code INVALID} for a blank or too long text or {@code clientMessageId},
     *                       {@code NOT_FOUND} for an unknown conversation, {@code FORBIDDEN} for a
     *                       sender who is not a member
     */
    public SendResult send(String senderId, String conversationId, String text, String clientMessageId,
                           String exceptSocketId) {
        Objects.requireNonNull(senderId, "senderId");
        requireText(text);
        String idempotencyKey = clientMessageId == null || clientMessageId.isEmpty() ? null : clientMessageId;
        if (idempotencyKey != null && idempotencyKey.length() > MAX_CLIENT_MESSAGE_ID) {
            throw ChatException.invalid("clientMessageId is longer than " + MAX_CLIENT_MESSAGE_ID + " characters");
        }
        if (conversationId == null || conversationId.isBlank()) {
            throw ChatException.invalid("conversationId is required");
        }
        SendResult result;
        try {
            result = database.transaction(c -> {
                memberships.require(c, senderId, conversationId);
                if (idempotencyKey != null) {
                    Optional<ChatMessage> earlier =
                            messages.findByClientMessageId(c, conversationId, senderId, idempotencyKey);
                    if (earlier.isPresent()) {
                        return new SendResult(earlier.get(), false);
                    }
                }
                ChatMessage message = new ChatMessage(ids.next("m_"), conversationId, senderId, text,
                        clock.instant().truncatedTo(ChronoUnit.MILLIS), idempotencyKey);
                messages.insert(c, message);
                return new SendResult(message, true);
            });
        } catch (DuplicateKeyException e) {
            // the same clientMessageId was stored concurrently (a retry racing its original): that one wins
            result = new SendResult(database.read(c -> messages.findByClientMessageId(c, conversationId, senderId,
                    idempotencyKey)).orElseThrow(() -> e), false);
        }
        if (result.created()) {
            live.messageNew(result.message(), exceptSocketId);
        }
        return result;
    }

    private static void requireText(String text) {
        if (text == null || text.isBlank()) {
            throw ChatException.invalid("text is required and must not be blank");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw ChatException.invalid("text is longer than " + MAX_TEXT + " characters");
        }
    }
}
