package dev.syncio.demo.store;

/** A database operation failed (the {@link java.sql.SQLException} is the cause). */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with what was being done and the database's exception. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
