package dev.syncio.demo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.demo.chat.Conversations;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/conversations} (the caller's, with last message and unread count) and
 * {@code POST /api/conversations {title, memberIds}} (201, a new group with the caller in it).
 * Creating is limited per user ({@code creations}: 429 {@code rate_limited} with
 * {@code Retry-After}); every attempt that gets as far as naming members counts, so the answers
 * cannot be used to probe many user ids either.
 */
public final class ConversationApi {

    record CreateRequest(String title, List<String> memberIds) {
    }

    private final ObjectMapper mapper;
    private final BearerAuth auth;
    private final Conversations conversations;
    private final TokenBuckets creations;

    /** The conversation endpoints; {@code creations} limits group creation per user id. */
    public ConversationApi(ObjectMapper mapper, BearerAuth auth, Conversations conversations, TokenBuckets creations) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.creations = Objects.requireNonNull(creations, "creations");
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
        Duration wait = creations.tryTake(userId);
        if (!wait.isZero()) {
            throw ApiException.rateLimited("too many new conversations, try again later", wait);
        }
        ctx.status(201).json(conversations.create(userId, request.title(), request.memberIds()));
    }
}
