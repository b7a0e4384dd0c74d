package dev.syncio.demo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.demo.chat.Messaging;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * {@code POST /api/webhooks/inbound {conversationId, senderId, text}}: a message arriving from an
 * outside channel (as in a WhatsApp integration), authenticated by the shared secret in the
 * {@code X-Webhook-Secret} header. Stored and announced like any other message (201); the sender
 * must be a member of the conversation.
 */
public final class WebhookApi {

    /** The header carrying the shared secret. */
    public static final String SECRET_HEADER = "X-Webhook-Secret";

    record InboundMessage(String conversationId, String senderId, String text) {
    }

    private final ObjectMapper mapper;
    private final byte[] secretDigest;
    private final Messaging messaging;

    /** The webhook, accepting calls that carry {@code secret}. */
    public WebhookApi(ObjectMapper mapper, String secret, Messaging messaging) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.secretDigest = sha256(Objects.requireNonNull(secret, "secret"));
        this.messaging = Objects.requireNonNull(messaging, "messaging");
    }

    /** Registers the route. */
    public void register(Javalin app) {
        app.post("/api/webhooks/inbound", this::inbound);
    }

    private void inbound(Context ctx) {
        String presented = ctx.header(SECRET_HEADER);
        // digests first: equal lengths, so the comparison time says nothing about the secret
        if (presented == null || !MessageDigest.isEqual(secretDigest, sha256(presented))) {
            throw ApiException.unauthorized("a valid " + SECRET_HEADER + " header is required");
        }
        InboundMessage message = Json.body(ctx, mapper, InboundMessage.class);
        String conversationId = Json.required(message.conversationId(), "conversationId");
        String senderId = Json.required(message.senderId(), "senderId");
        Json.required(message.text(), "text");
        ctx.status(201).json(messaging.send(senderId, conversationId, message.text(), null).message());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
