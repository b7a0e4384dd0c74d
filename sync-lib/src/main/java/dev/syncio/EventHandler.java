package dev.syncio;

/**
 * Handles one client event. Runs on a syncio callback thread, never on a Netty event loop, so it
 * may block; events of one socket are handled one at a time, in the order they were sent.
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * Handles the event. An exception is logged with a correlation id and, when the client asked
     * for an ack, answered with an {@code internal} error; the connection stays up.
     */
    void handle(EventContext event) throws Exception;
}
