package dev.syncio.it.js;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.NodeRunner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery with the real JavaScript client, which recovers by itself
 * ({@code integration-tests/js/test/recovery.test.mjs}): a client whose connection is cut gets its
 * socket id, rooms and missed events back, over WebSocket and over polling.
 */
class JavaScriptRecoveryTest {

    /** The payload of the {@code burst} host event. */
    public record Burst(String conversationId, String userId, int count, String tag) {
    }

    private ChatServer chat;

    @BeforeEach
    void startServer() {
        chat = ChatServer.start();
        // emits count events, turn about to the conversation and to the user's room, then acks:
        // the JavaScript test's way to make the server emit while its client is away
        chat.server().on("burst", Burst.class, (ctx, burst) -> {
            for (int seq = 0; seq < burst.count(); seq++) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("id", UUID.randomUUID().toString());
                payload.put("tag", burst.tag());
                payload.put("seq", seq);
                if (seq % 2 == 0) {
                    chat.server().emitter().toConversation(burst.conversationId()).emit("message:new", payload);
                } else {
                    chat.server().emitter().toUser(burst.userId()).emit("user:notice", payload);
                }
            }
            ctx.reply(Map.of("count", burst.count()));
        });
    }

    @AfterEach
    void stopServer() {
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void aJavaScriptClientCutOffRecoversItsSessionAndTheEventsItMissed() {
        NodeRunner.assertPasses("test/recovery.test.mjs", Map.of(
                "SYNC_URL", chat.url(),
                "SYNC_TOKEN_ALICE", ChatServer.token("alice"),
                "SYNC_TOKEN_BOB", ChatServer.token("bob")));
    }
}
