package dev.syncio.auth;

/**
 * Thrown by a {@link TokenVerifier} that refuses a token. The message is for logs and must never
 * contain the token or a secret; the code is what the client sees.
 */
public class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RefusalCode code;

    /** A refusal with a reason for the logs. */
    public TokenRejectedException(RefusalCode code, String message) {
        super(message);
        this.code = java.util.Objects.requireNonNull(code, "code");
    }

    /** A refusal caused by a lower-level failure. */
    public TokenRejectedException(RefusalCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = java.util.Objects.requireNonNull(code, "code");
    }

    /** Why the token was refused. */
    public RefusalCode code() {
        return code;
    }
}
