package dev.syncio.it.demo;

import static dev.syncio.it.support.DemoFixture.next;
import static dev.syncio.it.support.DemoFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.DemoFixture.Response;
import io.socket.client.Socket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST .../messages/{messageId}/status}: receipts, {@code message:status} and unread counts. */
class MessageStatusApiTest {

    private DemoFixture demo;
    private String direct;
    private String first;
    private String second;

    @BeforeEach
    void start() {
        demo = DemoFixture.start();
        direct = demo.conversationId("alice", "Alice & Bob");
        first = demo.send("alice", direct, "one").path("id").asText();
        second = demo.send("alice", direct, "two").path("id").asText();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void readIsAnnouncedAndClearsTheReadersUnreadCount() {
        Socket alice = demo.connectAndJoin("alice", direct);
        BlockingQueue<Object[]> aliceGets = record(alice, "message:status");
        assertEquals(2, unread("bob"));

        Response response = report("bob", second, "read");
        response.expect(200);
        assertEquals("{\"ok\":true}", response.body());

        JSONObject event = next(aliceGets);
        assertEquals(direct, event.optString("conversationId"));
        assertEquals(second, event.optString("messageId"));
        assertEquals("read", event.optString("status"));
        assertEquals("bob", event.optString("userId"));
        assertFalse(event.optString("id").isEmpty(), event::toString);
        Instant.parse(event.optString("at"));

        assertEquals(0, unread("bob"));
        assertEquals(0, unread("alice"), "alice's own messages were never unread for her");
    }

    @Test
    void readingAnOlderMessageClearsUpToItOnlyAndNeverBack() {
        report("bob", first, "read").expect(200);
        assertEquals(1, unread("bob"));
        report("bob", second, "read").expect(200);
        report("bob", first, "read").expect(200);
        assertEquals(0, unread("bob"), "the read mark does not move back");
        demo.send("alice", direct, "three");
        assertEquals(1, unread("bob"));
    }

    @Test
    void deliveredIsAnnouncedAndLeavesTheUnreadCount() {
        Socket alice = demo.connectAndJoin("alice", direct);
        BlockingQueue<Object[]> aliceGets = record(alice, "message:status");

        report("bob", first, "delivered").expect(200);
        JSONObject event = next(aliceGets);
        assertEquals("delivered", event.optString("status"));
        assertEquals(first, event.optString("messageId"));
        assertEquals("bob", event.optString("userId"));
        assertEquals(2, unread("bob"));
    }

    @Test
    void invalidReceiptsAreRefused() {
        for (String status : List.of("sent", "seen", "READ", "")) {
            Response response = report("bob", first, status);
            assertEquals(400, response.status(), status);
            assertEquals("invalid_payload", response.errorCode(), status);
        }
        assertEquals("invalid_payload", demo.post(status(direct, first), demo.token("bob"), Map.of()).expect(400).errorCode());
        assertEquals("not_found", report("bob", "m_nope", "read").expect(404).errorCode());
        assertEquals("not_found", demo.post(status("c_nope", first), demo.token("bob"), Map.of("status", "read"))
                .expect(404).errorCode());
        assertEquals("forbidden", report("carol", first, "read").expect(403).errorCode());
        assertEquals("unauthorized", demo.post(status(direct, first), null, Map.of("status", "read")).expect(401)
                .errorCode());
        assertEquals(2, unread("bob"), "no refused receipt moved the read mark");
    }

    @Test
    void readingAMessageOfAnotherConversationIsNotFound() {
        String general = demo.conversationId("bob", "General");
        assertEquals("not_found", demo.post(status(general, first), demo.token("bob"), Map.of("status", "read"))
                .expect(404).errorCode());
        assertEquals(2, unread("bob"));
    }

    private Response report(String user, String messageId, String status) {
        return demo.post(status(direct, messageId), demo.token(user), Map.of("status", status));
    }

    private long unread(String user) {
        return demo.conversation(user, direct).path("unreadCount").asLong();
    }

    private static String status(String conversationId, String messageId) {
        return "/api/conversations/" + conversationId + "/messages/" + messageId + "/status";
    }
}
