package dev.syncio.demo.chat;

import dev.syncio.SyncException;
import dev.syncio.SyncServer;
import java.util.Map;
import java.util.Objects;

/**
 * The host event {@code send_message {conversationId, text, clientMessageId}}: the REST send over
 * the socket. Acked {@code {ok:true, message}}; {@code message:new} goes to the conversation
 * except the sending socket. Refusals are acked with {@code invalid_payload}, {@code forbidden} or
 * {@code not_found}.
 */
public final class SendMessageEvent {

    /** The event name. */
    public static final String NAME = "send_message";

    /**
     * The payload.
     *
     * @param conversationId  the conversation
     * @param text            the text
     * @param clientMessageId the sender's idempotency key, optional
     */
    public record SendMessage(String conversationId, String text, @Nullable String clientMessageId) {
    }

    private SendMessageEvent() {
    }

    /** Registers the event on {@code sync}, sending through {@code messaging}. */
    public static void register(SyncServer sync, Messaging messaging) {
        Objects.requireNonNull(messaging, "messaging");
        sync.on(NAME, SendMessage.class, (event, command) -> {
            Messaging.SendResult result;
            try {
                result = messaging.send(event.principal().userId(), command.conversationId(), command.text(),
                        command.clientMessageId(), event.socket().id());
            } catch (ChatException e) {
                throw new SyncException(e.kind().errorCode(), e.getMessage());
            }
            event.reply(Map.of("message", result.message()));
        });
    }
}
