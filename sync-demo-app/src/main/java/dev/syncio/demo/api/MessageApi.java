package dev.syncio.demo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.demo.chat.MessageHistory;
import dev.syncio.demo.chat.MessageStatuses;
import dev.syncio.demo.chat.Messaging;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * A conversation's messages: {@code GET .../messages?before=&limit=} (a page, newest last),
 * {@code POST .../messages {text, clientMessageId}} (201 stored, 200 when the
 * {@code clientMessageId} was seen before) and {@code POST .../messages/{messageId}/status
 * {status}} (delivered/read receipts).
 */
public final class MessageApi {

    record SendRequest(String text, String clientMessageId) {
    }

    record StatusRequest(String status) {
    }

    record Ok(boolean ok) {
    }

    private final ObjectMapper mapper;
    private final BearerAuth auth;
    private final Messaging messaging;
    private final MessageHistory history;
    private final MessageStatuses statuses;

    /** The message endpoints. */
    public MessageApi(ObjectMapper mapper, BearerAuth auth, Messaging messaging, MessageHistory history,
                      MessageStatuses statuses) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.messaging = Objects.requireNonNull(messaging, "messaging");
        this.history = Objects.requireNonNull(history, "history");
        this.statuses = Objects.requireNonNull(statuses, "statuses");
    }

    /** Registers the routes. */
    public void register(Javalin app) {
        app.get("/api/conversations/{conversationId}/messages", this::page);
        app.post("/api/conversations/{conversationId}/messages", this::send);
        app.post("/api/conversations/{conversationId}/messages/{messageId}/status", this::status);
    }

    private void page(Context ctx) {
        String userId = auth.userId(ctx);
        String before = ctx.queryParam("before");
        ctx.json(history.page(userId, ctx.pathParam("conversationId"), before == null || before.isEmpty() ? null : before,
                limit(ctx.queryParam("limit"))));
    }

    private void send(Context ctx) {
        String userId = auth.userId(ctx);
        SendRequest request = Json.body(ctx, mapper, SendRequest.class);
        Json.required(request.text(), "text");
        Messaging.SendResult result = messaging.send(userId, ctx.pathParam("conversationId"), request.text(),
                request.clientMessageId());
        ctx.status(result.created() ? 201 : 200).json(result.message());
    }

    private void status(Context ctx) {
        String userId = auth.userId(ctx);
        StatusRequest request = Json.body(ctx, mapper, StatusRequest.class);
        statuses.report(userId, ctx.pathParam("conversationId"), ctx.pathParam("messageId"),
                Json.required(request.status(), "status"));
        ctx.json(new Ok(true));
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return MessageHistory.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit < 1) {
                throw ApiException.invalid("limit must be at least 1");
            }
            return limit;
        } catch (NumberFormatException e) {
            // a huge number is a valid request for "as many as allowed"
            if (value.chars().allMatch(Character::isDigit)) {
                return MessageHistory.MAX_LIMIT;
            }
            throw ApiException.invalid("limit must be a whole number");
        }
    }
}
