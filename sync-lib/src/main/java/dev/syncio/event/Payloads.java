package dev.syncio.event;

import java.time.Instant;

/**
 * The server-to-client payloads of the wire contract ({@code ../shared/PROTOCOL.md}), as records
 * serialised with Jackson. Every one carries a unique {@code id} (clients drop ids they have seen)
 * and ISO-8601 UTC instants.
 */
public final class Payloads {

    private Payloads() {
    }

    /** {@code message:new} to {@code conversation:<id>}. */
    public record MessageNew(String id, String conversationId, ChatMessage message) {
    }

    /** {@code message:status} to {@code conversation:<id>}. */
    public record MessageStatusChanged(String id, String conversationId, String messageId, MessageStatus status,
                                       String userId, Instant at) {
    }

    /** {@code message:updated} to {@code conversation:<id>}. */
    public record MessageUpdated(String id, String conversationId, ChatMessage message) {
    }

    /** {@code conversation:updated} to {@code user:<id>} of each member. */
    public record ConversationUpdated(String id, String conversationId, ConversationChange eventType, Instant at) {
    }

    /** {@code typing} to {@code conversation:<id>}, not the typist's own sockets. */
    public record Typing(String id, String conversationId, String userId, boolean typing) {
    }

    /** {@code presence} to {@code conversation:<id>}. */
    public record Presence(String id, String conversationId, String userId, boolean online, Instant at) {
    }

    /** {@code pong} to the asking socket. */
    public record Pong(String id, Instant serverTime) {
    }

    /** {@code session:expired} to the socket whose token expired. */
    public record SessionExpired(String id, String code) {
    }

    /**
     * {@code resource:changed} to {@code topic:<name>}: one change the server confirmed.
     *
     * @param version the host's version of the resource after the change (a row's version): a
     *                client ignores a change older than what it holds
     * @param data    the resource as it is now (null for most deletions)
     */
    public record ResourceChanged(String id, String topic, String resource, ChangeAction action, String resourceId,
                                  Object data, long version, Instant at) {
    }

    /** {@code topic:batch} to {@code topic:<name>}: the changes of one coalescing window, in order. */
    public record TopicBatch(String id, String topic, java.util.List<ResourceChanged> events) {
    }
}
