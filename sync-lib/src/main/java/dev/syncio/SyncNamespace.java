package dev.syncio;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A Socket.IO namespace: where its handlers are registered. The main namespace {@code "/"} is
 * {@link SyncServer} itself; others come from {@link SyncServer#namespace(String)}.
 */
public interface SyncNamespace {

    /** The name, e.g. {@code "/"} or {@code "/admin"}. */
    String name();

    /**
     * Runs {@code handler} for each socket that connected (after authentication), before any of
     * its events. Runs on the socket's callback thread.
     */
    SyncNamespace onConnect(Consumer<SyncSocket> handler);

    /** Runs {@code handler} with the socket and the reason once it has disconnected. */
    SyncNamespace onDisconnect(BiConsumer<SyncSocket, String> handler);

    /**
     * Registers the handler of an event; one handler per event name. The built-in events
     * ({@code join_conversation}, {@code leave_conversation}, {@code typing_start},
     * {@code typing_stop}, {@code ping}, {@code session:refresh}) are reserved.
     */
    SyncNamespace on(String event, EventHandler handler);

    /**
     * Registers a handler whose first argument is bound to {@code type}; a payload that does not
     * fit gets an {@code invalid_payload} ack naming the field, and never reaches the handler.
     */
    <T> SyncNamespace on(String event, Class<T> type, TypedEventHandler<T> handler);
}
