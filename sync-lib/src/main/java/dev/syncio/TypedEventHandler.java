package dev.syncio;

/**
 * Handles a client event whose first argument is bound to {@code T} (a record, typically).
 * Missing or wrong-typed fields never reach the handler: the client gets an
 * {@code invalid_payload} ack naming the field. Same threading as {@link EventHandler}.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface TypedEventHandler<T> {

    /** Handles the event; throw {@link SyncException} to refuse it with a specific code. */
    void handle(EventContext event, T payload) throws Exception;
}
