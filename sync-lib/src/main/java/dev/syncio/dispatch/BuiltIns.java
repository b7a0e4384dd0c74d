package dev.syncio.dispatch;

import java.util.concurrent.CompletionStage;

/**
 * The events of the wire contract that syncio handles itself (conversations, typing, ping, session
 * refresh). Their names are reserved: a host cannot register handlers for them. Internal.
 *
 * @param <S> the socket type the handlers work on
 */
public interface BuiltIns<S extends EventSocket> {

    /** Whether {@code event} is a built-in one. */
    boolean isBuiltIn(String event);

    /**
     * Handles a built-in event; the stage completes when it is done (the socket's later events wait
     * for it). A {@link dev.syncio.SyncException}, thrown or completing the stage, becomes an error ack.
     */
    CompletionStage<?> handle(S socket, EventContextImpl context);
}
