package dev.syncio.it.demo;

import static dev.syncio.it.support.DemoFixture.call;
import static dev.syncio.it.support.DemoFixture.next;
import static dev.syncio.it.support.DemoFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.it.support.DemoFixture;
import io.socket.client.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo's host event {@code send_message}, with real Java socket clients. */
class SendMessageEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoFixture demo;
    private String general;

    @BeforeEach
    void start() {
        demo = DemoFixture.start();
        general = demo.conversationId("alice", "General");
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void sendMessageIsAckedWithTheStoredMessageAndReachesEveryOtherSocket() throws Exception {
        Socket sender = demo.connectAndJoin("alice", general);
        Socket aliceElsewhere = demo.connectAndJoin("alice", general);
        Socket bob = demo.connectAndJoin("bob", general);
        BlockingQueue<Object[]> senderGets = record(sender, "message:new");
        BlockingQueue<Object[]> elsewhereGets = record(aliceElsewhere, "message:new");
        BlockingQueue<Object[]> bobGets = record(bob, "message:new");

        JSONObject ack = call(sender, "send_message",
                Map.of("conversationId", general, "text", "hello over the socket", "clientMessageId", "s-1"));
        assertEquals(Set.of("ok", "message"), keys(ack), ack::toString);
        assertEquals(true, ack.opt("ok"));
        JSONObject message = ack.getJSONObject("message");
        assertTrue(message.optString("id").startsWith("m_"), ack::toString);
        assertEquals(general, message.optString("conversationId"));
        assertEquals("alice", message.optString("senderId"));
        assertEquals("hello over the socket", message.optString("text"));
        assertEquals("s-1", message.optString("clientMessageId"));

        JsonNode stored = JSON.readTree(message.toString());
        assertEquals(stored, JSON.readTree(next(bobGets).getJSONObject("message").toString()));
        assertEquals(stored, JSON.readTree(next(elsewhereGets).getJSONObject("message").toString()),
                "the sender's other sockets hear it");
        JsonNode page = demo.get("/api/conversations/" + general + "/messages", demo.token("bob")).expect(200).json();
        assertEquals(stored, page.path("messages").get(0), "stored like a REST send");

        // barrier: the next message of the conversation reaches the sending socket, and nothing came before it
        String fromBob = demo.send("bob", general, "answer").path("id").asText();
        assertEquals(fromBob, next(senderGets).getJSONObject("message").optString("id"),
                "the sending socket must not get its own message:new");
    }

    @Test
    void theSenderNeedsMembershipNotTheRoom() {
        Socket alice = demo.connect("alice");
        JSONObject ack = call(alice, "send_message", Map.of("conversationId", general, "text", "without joining"));
        assertEquals(true, ack.opt("ok"), ack::toString);
    }

    @Test
    void aRepeatedClientMessageIdIsAckedWithTheSameMessageAndNotAnnounced() throws Exception {
        Socket alice = demo.connect("alice");
        Socket bob = demo.connectAndJoin("bob", general);
        BlockingQueue<Object[]> bobGets = record(bob, "message:new");
        Map<String, String> send = Map.of("conversationId", general, "text", "once", "clientMessageId", "s-2");

        JSONObject first = call(alice, "send_message", send).getJSONObject("message");
        assertEquals(first.optString("id"), next(bobGets).getJSONObject("message").optString("id"));
        JSONObject again = call(alice, "send_message", send);
        assertEquals(true, again.opt("ok"));
        assertEquals(first.toString(), again.getJSONObject("message").toString());
        JsonNode overRest = demo.post("/api/conversations/" + general + "/messages", demo.token("alice"),
                Map.of("text", "once", "clientMessageId", "s-2")).expect(200).json();
        assertEquals(first.optString("id"), overRest.path("id").asText(), "one idempotency key for socket and REST");

        JSONObject later = call(alice, "send_message", Map.of("conversationId", general, "text", "later"))
                .getJSONObject("message");
        assertEquals(later.optString("id"), next(bobGets).getJSONObject("message").optString("id"),
                "the repeated sends must not have been announced");
    }

    @Test
    void refusalsAreAckedWithTheirCodes() {
        Socket carol = demo.connect("carol");
        String direct = demo.conversationId("alice", "Alice & Bob");
        assertEquals("forbidden", errorCode(call(carol, "send_message", Map.of("conversationId", direct, "text", "hi"))));
        assertEquals("not_found", errorCode(call(carol, "send_message", Map.of("conversationId", "c_nope", "text", "hi"))));
        assertEquals("invalid_payload", errorCode(call(carol, "send_message", Map.of("conversationId", general))));
        assertEquals("invalid_payload", errorCode(call(carol, "send_message",
                Map.of("conversationId", general, "text", "  "))));
        Map<String, Object> mistyped = new HashMap<>();
        mistyped.put("conversationId", general);
        mistyped.put("text", Map.of("not", "text"));
        assertEquals("invalid_payload", errorCode(call(carol, "send_message", mistyped)));
        assertEquals(0, demo.get("/api/conversations/" + direct + "/messages", demo.token("alice")).expect(200).json()
                .path("messages").size());
        assertTrue(demo.conversation("carol", general).get("lastMessage").isNull(), "nothing was stored");
    }

    private static Set<String> keys(JSONObject json) {
        Set<String> keys = new java.util.TreeSet<>();
        for (java.util.Iterator<?> it = json.keys(); it.hasNext(); ) {
            keys.add(String.valueOf(it.next()));
        }
        return keys;
    }

    private static String errorCode(JSONObject ack) {
        if (!Boolean.FALSE.equals(ack.opt("ok")) || ack.optJSONObject("error") == null) {
            throw new AssertionError("expected {ok:false, error}, got " + ack);
        }
        return ack.optJSONObject("error").optString("code");
    }
}
