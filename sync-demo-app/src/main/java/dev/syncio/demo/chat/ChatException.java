package dev.syncio.demo.chat;

import dev.syncio.ErrorCode;
import java.util.Objects;

/**
 * A chat operation refused for a reason the caller can act on. The REST API and the socket event
 * translate {@link #kind()} into their own error shapes; the message is shown to the client.
 */
public final class ChatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an operation was refused. */
    public enum Kind {
        /** Missing or invalid input (HTTP 400, ack {@code invalid_payload}). */
        INVALID(ErrorCode.INVALID_PAYLOAD),
        /** Not a member of the conversation (HTTP 403, ack {@code forbidden}). */
        FORBIDDEN(ErrorCode.FORBIDDEN),
        /** No such conversation or message (HTTP 404, ack {@code not_found}). */
        NOT_FOUND(ErrorCode.NOT_FOUND);

        private final ErrorCode errorCode;

        Kind(ErrorCode errorCode) {
            this.errorCode = errorCode;
        }

        /** The matching syncio error code. */
        public ErrorCode errorCode() {
            return errorCode;
        }
    }

    private final Kind kind;

    /** A refusal of this kind, with a message for the client. */
    public ChatException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Why the operation was refused. */
    public Kind kind() {
        return kind;
    }

    static ChatException invalid(String message) {
        return new ChatException(Kind.INVALID, message);
    }

    static ChatException notFound(String message) {
        return new ChatException(Kind.NOT_FOUND, message);
    }

    static ChatException forbidden(String message) {
        return new ChatException(Kind.FORBIDDEN, message);
    }
}
