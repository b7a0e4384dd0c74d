package dev.syncio.demo.chat;

import dev.syncio.SyncServer;
import dev.syncio.SyncStats;
import dev.syncio.event.ChangeAction;
import dev.syncio.event.ChatMessage;
import dev.syncio.event.ConversationChange;
import dev.syncio.event.MessageStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces committed changes to connected clients through syncio's emitter. Announcing never
 * fails the caller: the change is stored already, and clients that miss the event see it when
 * they refetch.
 *
 * <p>The {@link SyncServer} is {@linkplain #attach attached} once it is running (it is built
 * after the HTTP port is bound, because its default allowed origins name that port); until then
 * {@link #ready()} is false and the REST API answers 503.
 */
public final class LiveUpdates {

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    private volatile SyncServer sync;

    /** Connects the running socket server; only once. */
    public synchronized void attach(SyncServer server) {
        if (sync != null) {
            throw new IllegalStateException("a socket server is attached already");
        }
        sync = Objects.requireNonNull(server, "server");
    }

    /** Whether a socket server is attached. */
    public boolean ready() {
        return sync != null;
    }

    /** {@code message:new} to the conversation, except one socket (the sender's) when not null. */
    public void messageNew(ChatMessage message, String exceptSocketId) {
        announce("message:new", message.conversationId(), () -> {
            var emitter = server().emitter();
            (exceptSocketId == null ? emitter : emitter.except(exceptSocketId)).messageNew(message);
        });
    }

    /** {@code message:status} to the conversation. */
    public void messageStatus(String conversationId, String messageId, MessageStatus status, String userId,
                              Instant at) {
        announce("message:status", conversationId,
                () -> server().emitter().messageStatus(conversationId, messageId, status, userId, at));
    }

    /** {@code conversation:updated} ({@code new}) to every member's sockets. */
    public void conversationCreated(String conversationId, Collection<String> memberIds) {
        announce("conversation:updated", conversationId,
                () -> server().emitter().conversationUpdated(conversationId, ConversationChange.NEW, memberIds));
    }

    /**
     * {@code resource:changed} to {@code topic:<topic>} (the orders board, the watched folder):
     * {@code data} is the resource as stored now, {@code version} its version after the change.
     */
    public void topicChanged(String topic, String resource, ChangeAction action, String resourceId, Object data,
                             long version) {
        try {
            server().emitter().toTopic(topic).changed(resource, action, resourceId, data, version);
        } catch (RuntimeException e) {
            log.warn("could not announce {} {} {} on topic {} (the change stands; clients that miss it refetch)",
                    resource, resourceId, action.wireValue(), topic, e);
        }
    }

    /** The socket server's activity. */
    public SyncStats stats() {
        return server().stats();
    }

    private SyncServer server() {
        SyncServer server = sync;
        if (server == null) {
            throw new IllegalStateException("the socket server is not running yet");
        }
        return server;
    }

    private static void announce(String event, String conversationId, Runnable emit) {
        try {
            emit.run();
        } catch (RuntimeException e) {
            log.warn("could not announce {} in conversation {} (stored anyway)", event, conversationId, e);
        }
    }

    /** The port the Socket.IO server listens on, for the page's {@code GET /api/config}. */
    public int syncPort() {
        return server().port();
    }
}
