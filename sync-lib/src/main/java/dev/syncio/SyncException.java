package dev.syncio;

import java.util.Objects;

/**
 * Thrown by a handler to refuse an event with a specific code: the client gets
 * {@code {ok:false, error:{code, message}}} (instead of {@code internal}) and nothing is logged as
 * an error. The message is shown to the client: keep secrets out of it.
 */
public class SyncException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /** An error with a code and a message for the client. */
    public SyncException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The code sent to the client. */
    public ErrorCode code() {
        return code;
    }
}
