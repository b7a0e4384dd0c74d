package dev.syncio.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored chat message, as the wire contract's {@code message} object.
 *
 * @param id              the stored message's id
 * @param conversationId  its conversation
 * @param senderId        the sending user
 * @param text            the text
 * @param createdAt       when it was stored
 * @param clientMessageId the sender's idempotency key, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(String id, String conversationId, String senderId, String text, Instant createdAt,
                          String clientMessageId) {

    /** Validates the required fields. */
    public ChatMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
