package dev.syncio.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.ErrorCode;
import dev.syncio.SyncException;
import dev.syncio.conversation.ConversationRooms;
import dev.syncio.conversation.TypingTracker;
import dev.syncio.dispatch.BuiltIns;
import dev.syncio.dispatch.EventContextImpl;
import dev.syncio.emit.EventIds;
import dev.syncio.event.Payloads;
import dev.syncio.topic.TopicSubscriptions;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The events of the wire contract that syncio handles itself, wired to the parts that do the
 * work: conversations, typing, topics, the session's expiry, and {@code ping}.
 */
final class BuiltInEvents implements BuiltIns<SocketImpl> {

    private static final Set<String> NAMES = Set.of("join_conversation", "leave_conversation", "typing_start",
            "typing_stop", "subscribe", "unsubscribe", "ping", SessionExpiry.REFRESH_EVENT);
    /** Longest conversation id or topic name a client may send. */
    private static final int MAX_NAME_LENGTH = 200;
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final ConversationRooms conversations;
    private final TypingTracker typing;
    private final TopicSubscriptions topics;
    private final SessionExpiry expiry;

    BuiltInEvents(ConversationRooms conversations, TypingTracker typing, TopicSubscriptions topics,
                  SessionExpiry expiry) {
        this.conversations = conversations;
        this.typing = typing;
        this.topics = topics;
        this.expiry = expiry;
    }

    /** Whether a host may not register a handler for {@code event}. */
    static boolean isReserved(String event) {
        return NAMES.contains(event);
    }

    @Override
    public boolean isBuiltIn(String event) {
        return NAMES.contains(event);
    }

    @Override
    public CompletionStage<?> handle(SocketImpl socket, EventContextImpl context) {
        JsonNode payload = context.payload();
        switch (context.event()) {
            case "join_conversation" -> {
                return conversations.join(socket, name(payload, "conversationId")).thenAccept(context::ack);
            }
            case "leave_conversation" -> {
                String id = name(payload, "conversationId");
                return conversations.leave(socket, id).thenRun(() -> context.ack(Map.of("ok", true, "conversationId", id)));
            }
            case "typing_start" -> {
                typing.start(socket, name(payload, "conversationId"));
                context.ack(Map.of("ok", true));
            }
            case "typing_stop" -> {
                typing.stop(socket, name(payload, "conversationId"));
                context.ack(Map.of("ok", true));
            }
            case "subscribe" -> {
                return topics.subscribe(socket, name(payload, "topic")).thenAccept(context::ack);
            }
            case "unsubscribe" -> context.ack(topics.unsubscribe(socket, name(payload, "topic")));
            case "ping" -> {
                Instant now = Instant.now();
                context.ack(Map.of("ok", true, "serverTime", now));
                socket.emit("pong", new Payloads.Pong(EventIds.next(), now));
            }
            case SessionExpiry.REFRESH_EVENT -> expiry.refresh(socket, context);
            default -> throw new IllegalArgumentException("not a built-in event: " + context.event());
        }
        return DONE;
    }

    /** The one string field of a built-in event's payload: a conversation id or a topic name. */
    private static String name(JsonNode payload, String field) {
        if (payload == null || !payload.isObject()) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD, "payload must be an object {" + field + "}");
        }
        JsonNode value = payload.get(field);
        if (value == null || value.isNull()) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD, "field '" + field + "' is required");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD, "field '" + field + "' must be a non-empty string");
        }
        if (value.asText().length() > MAX_NAME_LENGTH) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD,
                    "field '" + field + "' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return value.asText();
    }
}
