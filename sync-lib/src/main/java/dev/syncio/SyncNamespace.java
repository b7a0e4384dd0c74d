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

    /** Registers the handler of an event; one handler per event name. */
    SyncNamespace on(String event, EventHandler handler);
}
