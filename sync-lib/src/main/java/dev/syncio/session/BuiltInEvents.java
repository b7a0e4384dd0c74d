package dev.syncio.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.ErrorCode;
import dev.syncio.SyncException;
import dev.syncio.event.Payloads;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The events of the wire contract that syncio handles itself: conversations, typing, ping and
 * session refresh. Their names are reserved: a host cannot register handlers for them.
 */
final class BuiltInEvents {

    static final Set<String> NAMES = Set.of("join_conversation", "leave_conversation", "typing_start",
            "typing_stop", "ping", SessionExpiry.REFRESH_EVENT);

    private final SocketLayer layer;

    BuiltInEvents(SocketLayer layer) {
        this.layer = layer;
    }

    /** Handles a built-in event; returns false when {@code event} is not one. */
    boolean handle(SocketImpl socket, EventContextImpl context, JsonNode payload) {
        switch (context.event()) {
            case "join_conversation" -> context.ack(layer.conversations().join(socket, conversationId(payload)));
            case "leave_conversation" -> {
                String id = conversationId(payload);
                layer.conversations().leave(socket, id);
                context.ack(Map.of("ok", true, "conversationId", id));
            }
            case "typing_start" -> {
                layer.typing().start(socket, conversationId(payload));
                context.ack(Map.of("ok", true));
            }
            case "typing_stop" -> {
                String id = conversationId(payload);
                if (!socket.inRoom(ConversationRooms.room(id))) {
                    throw new SyncException(ErrorCode.FORBIDDEN, "not in this conversation");
                }
                layer.typing().stop(socket, id);
                context.ack(Map.of("ok", true));
            }
            case "ping" -> {
                Instant now = Instant.now();
                context.ack(Map.of("ok", true, "serverTime", now));
                socket.emit("pong", new Payloads.Pong(EventIds.next(), now));
            }
            case SessionExpiry.REFRESH_EVENT -> layer.expiry().refresh(context);
            default -> {
                return false;
            }
        }
        return true;
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
