package dev.syncio.demo.store;

/**
 * A unique key was already taken, typically by a concurrent writer (another request, another
 * instance on the same database). Callers that insert-if-absent catch it and read the winner.
 */
public final class DuplicateKeyException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** A duplicate-key failure with the database's exception. */
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
