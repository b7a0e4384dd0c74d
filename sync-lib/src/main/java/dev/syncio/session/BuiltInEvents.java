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
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The events of the wire contract that syncio handles itself, wired to the parts that do the
 * work: conversations, typing, the session's expiry, and {@code ping}.
 */
final class BuiltInEvents implements BuiltIns<SocketImpl> {

    private static final Set<String> NAMES = Set.of("join_conversation", "leave_conversation", "typing_start",
            "typing_stop", "ping", SessionExpiry.REFRESH_EVENT);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final ConversationRooms conversations;
    private final TypingTracker typing;
    private final SessionExpiry expiry;

    BuiltInEvents(ConversationRooms conversations, TypingTracker typing, SessionExpiry expiry) {
        this.conversations = conversations;
        this.typing = typing;
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
                return conversations.join(socket, conversationId(payload)).thenAccept(context::ack);
            }
            case "leave_conversation" -> {
                String id = conversationId(payload);
                return conversations.leave(socket, id).thenRun(() -> context.ack(Map.of("ok", true, "conversationId", id)));
            }
            case "typing_start" -> {
                typing.start(socket, conversationId(payload));
                context.ack(Map.of("ok", true));
            }
            case "typing_stop" -> {
                typing.stop(socket, conversationId(payload));
                context.ack(Map.of("ok", true));
            }
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

    private static String conversationId(JsonNode payload) {
        JsonNode id = payload == null ? null : payload.get("conversationId");
        if (payload == null || !payload.isObject()) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD, "payload must be an object {conversationId}");
        }
        if (id == null || id.isNull()) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD, "field 'conversationId' is required");
        }
        if (!id.isTextual() || id.asText().isBlank()) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD, "field 'conversationId' must be a non-empty string");
        }
        if (id.asText().length() > 200) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD, "field 'conversationId' is longer than 200 characters");
        }
        return id.asText();
    }
}
