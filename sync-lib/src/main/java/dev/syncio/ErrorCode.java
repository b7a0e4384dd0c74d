package dev.syncio;

/**
 * The error codes of acknowledgements ({@code {ok:false, error:{code, message}}}); see
 * {@code docs/errors.md}.
 */
public enum ErrorCode {
    /** Missing fields or wrong types; the message names the field. */
    INVALID_PAYLOAD("invalid_payload"),
    /** Not allowed (a conversation the user may not enter, another user's token, ...). */
    FORBIDDEN("forbidden"),
    /** The thing asked for does not exist. */
    NOT_FOUND("not_found"),
    /** Too many events; the connection stays up. */
    RATE_LIMITED("rate_limited"),
    /** No handler for the event. */
    UNKNOWN_EVENT("unknown_event"),
    /** The handler failed; the message carries a reference that is in the server log. */
    INTERNAL("internal");

    private final String wireValue;

    ErrorCode(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The code as clients see it, e.g. {@code invalid_payload}. */
    public String wireValue() {
        return wireValue;
    }
}
