package dev.syncio.demo.orders;

import java.util.Objects;

/**
 * An order operation refused for a reason the caller can act on; the REST API answers it with
 * {@link Kind#status()} and {@link Kind#code()}. The message is shown to the client.
 */
public final class OrderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an operation was refused. */
    public enum Kind {
        /** Missing or invalid input: 400 {@code invalid_payload}. */
        INVALID(400, "invalid_payload"),
        /** No such order: 404 {@code not_found}. */
        NOT_FOUND(404, "not_found"),
        /**
         * The order changed since the caller read it (its version is not the one named), or the
         * new order's number is taken: 409 {@code conflict}. The caller refetches and decides again.
         */
        CONFLICT(409, "conflict");

        private final int status;
        private final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }

        /** The HTTP status. */
        public int status() {
            return status;
        }

        /** The error code of the response body. */
        public String code() {
            return code;
        }
    }

    private final Kind kind;

    /** A refusal of this kind, with a message for the client. */
    public OrderException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Why the operation was refused. */
    public Kind kind() {
        return kind;
    }
}
