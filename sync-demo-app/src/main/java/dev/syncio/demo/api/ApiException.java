package dev.syncio.demo.api;

import java.util.Objects;

/**
 * An HTTP error answered as {@code {"error": {"code", "message"}}}. The message is shown to the
 * client: keep secrets out of it.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    /** An error with an HTTP status, a code and a message for the client. */
    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
    }

    /** 400 {@code invalid_payload}. */
    public static ApiException invalid(String message) {
        return new ApiException(400, "invalid_payload", message);
    }

    /** 401 {@code unauthorized}. */
    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The error code, e.g. {@code invalid_payload}. */
    public String code() {
        return code;
    }
}
