package dev.syncio.conversation;

import dev.syncio.emit.EmitterImpl;
import dev.syncio.emit.EventIds;
import dev.syncio.event.Payloads;
import java.time.Instant;
import java.util.function.Function;

/**
 * The events syncio itself sends to a conversation's members: {@code presence} and {@code typing}.
 * They take the same pipeline as host emits, so they reach the members on every node. Also what
 * the cluster calls when a dead node's users must be announced gone.
 */
public final class Announcements implements NodeLossListener {

    private final Function<String, EmitterImpl> emitters;

    /** @param emitters the emitter of each namespace */
    public Announcements(Function<String, EmitterImpl> emitters) {
        this.emitters = emitters;
    }

    /** {@code presence} to the conversation: the user came online there, or went offline. */
    public void presence(String namespace, String conversationId, String userId, boolean online) {
        emitters.apply(namespace).toConversation(conversationId).emit("presence",
                new Payloads.Presence(EventIds.next(), conversationId, userId, online, Instant.now()));
    }

    /** {@code typing} to the conversation, except the typist's own sockets; not kept for recovery. */
    public void typing(String namespace, String conversationId, String userId, boolean typing) {
        emitters.apply(namespace).toConversation(conversationId).exceptUser(userId).volatileEvents()
                .emit("typing", new Payloads.Typing(EventIds.next(), conversationId, userId, typing));
    }

    @Override
    public void wentOffline(String namespace, String conversationId, String userId) {
        presence(namespace, conversationId, userId, false);
    }

    @Override
    public void stoppedTyping(String namespace, String conversationId, String userId) {
        typing(namespace, conversationId, userId, false);
    }
}
