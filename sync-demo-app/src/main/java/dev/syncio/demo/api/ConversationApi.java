package dev.syncio.demo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.demo.chat.Conversations;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/conversations} (the caller's, with last message and unread count) and
 * {@code POST /api/conversations {title, memberIds}} (201, a new group with the caller in it).
 */
public final class ConversationApi {

    record CreateRequest(String title, List<String> memberIds) {
    }

    private final ObjectMapper mapper;
    private final BearerAuth auth;
    private final Conversations conversations;

    /** The conversation endpoints. */
    public ConversationApi(ObjectMapper mapper, BearerAuth auth, Conversations conversations) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
    }

    /** Registers the routes. */
    public void register(Javalin app) {
        app.get("/api/conversations", this::list);
        app.post("/api/conversations", this::create);
    }

    private void list(Context ctx) {
        ctx.json(conversations.listFor(auth.userId(ctx)));
    }

    private void create(Context ctx) {
        String userId = auth.userId(ctx);
        CreateRequest request = Json.body(ctx, mapper, CreateRequest.class);
        Json.required(request.title(), "title");
        Json.required(request.memberIds(), "memberIds");
        ctx.status(201).json(conversations.create(userId, request.title(), request.memberIds()));
    }
}
