package dev.syncio.demo.api;

import java.time.Duration;
import java.util.Objects;

/**
 * An HTTP error answered as {@code {"error": {"code", "message"}}}. The message is shown to the
 * client: keep secrets out of it.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Duration retryAfter;

    /** An error with an HTTP status, a code and a message for the client. */
    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** An error that tells the client when to try again ({@code Retry-After}, whole seconds, at least 1). */
    public ApiException(int status, String code, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.retryAfter = retryAfter;
    }

    /** 429 {@code rate_limited} with {@code Retry-After}. */
    public static ApiException rateLimited(String message, Duration retryAfter) {
        return new ApiException(429, "rate_limited", message, Objects.requireNonNull(retryAfter, "retryAfter"));
    }

    /** 503 {@code unavailable} with {@code Retry-After}. */
    public static ApiException unavailable(String message, Duration retryAfter) {
        return new ApiException(503, "unavailable", message, Objects.requireNonNull(retryAfter, "retryAfter"));
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

    /** The {@code Retry-After} value in whole seconds (rounded up, at least 1), or -1 for none. */
    public long retryAfterSeconds() {
        if (retryAfter == null) {
            return -1;
        }
        long seconds = (retryAfter.toMillis() + 999) / 1000;
        return Math.max(1, seconds);
    }

    /** The error code, e.g. {@code invalid_payload}. */
    public String code() {
        return code;
    }
}
