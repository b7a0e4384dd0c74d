package dev.syncio.auth;

/**
 * Thrown by {@link CandidateKeyLocator} from inside jjwt's parser, before any signature check, when
 * a token's header rules out the candidate key. Unchecked so that it passes through jjwt unchanged;
 * {@link JwtVerifier} catches it. The message quotes header values only through {@link SafeText}.
 */
final class KeyRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean tryNextKey;

    private KeyRefusal(String message, boolean tryNextKey) {
        super(message, null, false, false);
        this.tryNextKey = tryNextKey;
    }

    /** The token is refused whatever key is tried (for example an algorithm that is not configured). */
    static KeyRefusal refuse(String message) {
        return new KeyRefusal(message, false);
    }

    /** This key does not fit the token (wrong {@code kid}, curve or secret length); another key may. */
    static KeyRefusal notThisKey(String message) {
        return new KeyRefusal(message, true);
    }

    /** Whether the verifier should go on with its next configured key. */
    boolean tryNextKey() {
        return tryNextKey;
    }
}
