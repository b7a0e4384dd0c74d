package dev.syncio.it.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.event.ChatMessage;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.NodeRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conversations with the real JavaScript client (socket.io-client v4): runs
 * {@code integration-tests/js/test/conversation.test.mjs} against a {@link ChatServer}, with tokens
 * for alice and bob in {@code SYNC_TOKEN_ALICE} and {@code SYNC_TOKEN_BOB}.
 */
class JavaScriptConversationTest {

    private ChatServer chat;

    @BeforeEach
    void startServer() {
        chat = ChatServer.start();
    }

    @AfterEach
    void stopServer() {
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void javaScriptClientsJoinTypeAndExchangeMessages() {
        NodeRunner.assertPasses("test/conversation.test.mjs", Map.of(
                "SYNC_URL", chat.url(),
                "SYNC_TOKEN_ALICE", ChatServer.token("alice"),
                "SYNC_TOKEN_BOB", ChatServer.token("bob")));

        // one message per transport, stored by the host handler as alice's
        List<ChatMessage> sent = List.copyOf(chat.sent);
        assertEquals(2, sent.size(), sent::toString);
        for (ChatMessage message : sent) {
            assertEquals("alice", message.senderId());
            assertEquals("c1", message.conversationId());
            assertEquals("hello from node", message.text());
            assertEquals("js-1", message.clientMessageId());
        }
    }
}
