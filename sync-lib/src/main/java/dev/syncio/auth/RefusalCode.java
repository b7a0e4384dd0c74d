package dev.syncio.auth;

/**
 * Why a handshake (or a {@code session:refresh}) was refused. The wire value goes to the client
 * as {@code err.data.code} in the CONNECT_ERROR packet; see {@code docs/errors.md}.
 */
public enum RefusalCode {
    /** No token in any configured source. */
    TOKEN_MISSING("token_missing"),
    /** Malformed, tampered, bad signature, wrong key, {@code alg: none} or an algorithm not configured. */
    TOKEN_INVALID("token_invalid"),
    /** {@code exp} (plus the clock skew) is in the past. */
    TOKEN_EXPIRED("token_expired"),
    /** {@code nbf} (minus the clock skew) is in the future. */
    TOKEN_NOT_YET_VALID("token_not_yet_valid"),
    /** Missing {@code sub} or {@code exp} (when required), or wrong {@code iss} / {@code aud}. */
    TOKEN_CLAIMS("token_claims");

    private final String wireValue;

    RefusalCode(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The code as clients see it, e.g. {@code token_expired}. */
    public String wireValue() {
        return wireValue;
    }
}
