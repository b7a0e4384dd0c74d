package dev.syncio.it.demo;

import static dev.syncio.it.support.DemoFixture.next;
import static dev.syncio.it.support.DemoFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.DemoFixture.Response;
import io.socket.client.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sending and paging messages over REST against the running demo, with real Java socket clients. */
class MessageApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoFixture demo;
    private String direct;

    @BeforeEach
    void start() {
        demo = DemoFixture.start();
        direct = demo.conversationId("alice", "Alice & Bob");
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void aSentMessageIsStoredAndAnnouncedToTheConversation() throws Exception {
        Socket bob = demo.connectAndJoin("bob", direct);
        BlockingQueue<Object[]> bobGets = record(bob, "message:new");

        Response response = demo.post(messages(direct), demo.token("alice"),
                Map.of("text", "hello bob", "clientMessageId", "c-1"));
        response.expect(201);
        JsonNode message = response.json();
        assertTrue(message.path("id").asText().startsWith("m_"), response::body);
        assertEquals(direct, message.path("conversationId").asText());
        assertEquals("alice", message.path("senderId").asText());
        assertEquals("hello bob", message.path("text").asText());
        assertEquals("c-1", message.path("clientMessageId").asText());
        Instant createdAt = Instant.parse(message.path("createdAt").asText());
        assertTrue(!createdAt.isAfter(Instant.now()), createdAt::toString);

        JSONObject event = next(bobGets);
        assertEquals(direct, event.optString("conversationId"));
        assertFalse(event.optString("id").isEmpty(), event::toString);
        assertEquals(message, JSON.readTree(event.getJSONObject("message").toString()),
                "the event carries the stored message");

        JsonNode page = demo.get(messages(direct), demo.token("bob")).expect(200).json();
        assertEquals(List.of(message), list(page.path("messages")));
    }

    @Test
    void aMessageWithoutClientMessageIdHasNoSuchField() {
        JsonNode message = demo.send("alice", direct, "no key");
        assertFalse(message.has("clientMessageId"), message::toString);
    }

    @Test
    void repeatingAClientMessageIdReturnsTheSameMessageAndAnnouncesNothing() throws Exception {
        Socket bob = demo.connectAndJoin("bob", direct);
        BlockingQueue<Object[]> bobGets = record(bob, "message:new");
        String alice = demo.token("alice");

        JsonNode first = demo.post(messages(direct), alice, Map.of("text", "once", "clientMessageId", "k-1"))
                .expect(201).json();
        assertEquals(first.path("id").asText(), next(bobGets).getJSONObject("message").optString("id"));

        Response again = demo.post(messages(direct), alice, Map.of("text", "once (retried)", "clientMessageId", "k-1"));
        again.expect(200);
        assertEquals(first, again.json(), "the stored message, unchanged");

        // barrier: the next distinct message arrives, and nothing came before it
        JsonNode later = demo.post(messages(direct), alice, Map.of("text", "later", "clientMessageId", "k-2"))
                .expect(201).json();
        assertEquals(later.path("id").asText(), next(bobGets).getJSONObject("message").optString("id"),
                "the retried send must not have been announced");
        assertEquals(2, demo.get(messages(direct), alice).expect(200).json().path("messages").size());

        // the key is per sender and per conversation
        JsonNode bobsOwn = demo.post(messages(direct), demo.token("bob"), Map.of("text", "mine", "clientMessageId", "k-1"))
                .expect(201).json();
        assertNotEquals(first.path("id"), bobsOwn.path("id"));
        String general = demo.conversationId("alice", "General");
        demo.post(messages(general), alice, Map.of("text", "elsewhere", "clientMessageId", "k-1")).expect(201);
    }

    @Test
    void pagesGoBackFromTheNewestWithTheNewestLast() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(demo.send(i % 2 == 0 ? "bob" : "alice", direct, "message " + i).path("id").asText());
        }
        String token = demo.token("alice");

        JsonNode newest = demo.get(messages(direct) + "?limit=2", token).expect(200).json();
        assertEquals(ids.subList(3, 5), idsOf(newest));
        assertTrue(newest.path("hasMore").asBoolean());

        JsonNode older = demo.get(messages(direct) + "?limit=2&before=" + ids.get(3), token).expect(200).json();
        assertEquals(ids.subList(1, 3), idsOf(older));
        assertTrue(older.path("hasMore").asBoolean());

        JsonNode oldest = demo.get(messages(direct) + "?limit=2&before=" + ids.get(1), token).expect(200).json();
        assertEquals(ids.subList(0, 1), idsOf(oldest));
        assertFalse(oldest.path("hasMore").asBoolean());

        JsonNode all = demo.get(messages(direct), token).expect(200).json();
        assertEquals(ids, idsOf(all), "default limit 50");
        assertFalse(all.path("hasMore").asBoolean());
        assertEquals(ids, idsOf(demo.get(messages(direct) + "?limit=100000", token).expect(200).json()),
                "a limit over the maximum is capped");
        assertEquals("message 1", all.path("messages").get(0).path("text").asText());
    }

    @Test
    void nonMembersMayNeitherReadNorSend() {
        String carol = demo.token("carol");
        assertEquals("forbidden", demo.get(messages(direct), carol).expect(403).errorCode());
        assertEquals("forbidden", demo.post(messages(direct), carol, Map.of("text", "let me in")).expect(403).errorCode());
        assertEquals(0, demo.get(messages(direct), demo.token("alice")).expect(200).json().path("messages").size(),
                "nothing was stored");
    }

    @Test
    void unknownConversationsAndMessagesAreNotFound() {
        String alice = demo.token("alice");
        assertEquals("not_found", demo.get(messages("c_nope"), alice).expect(404).errorCode());
        assertEquals("not_found", demo.post(messages("c_nope"), alice, Map.of("text", "hello?")).expect(404).errorCode());
        assertEquals("not_found", demo.get(messages(direct) + "?before=m_nope", alice).expect(404).errorCode());
        String general = demo.conversationId("alice", "General");
        String inGeneral = demo.send("alice", general, "general news").path("id").asText();
        assertEquals("not_found", demo.get(messages(direct) + "?before=" + inGeneral, alice).expect(404).errorCode(),
                "a message of another conversation is no anchor");
        assertEquals("not_found", demo.get("/api/nothing-here", alice).expect(404).errorCode());
    }

    @Test
    void invalidMessagesAreRefusedAndNothingIsStored() {
        String alice = demo.token("alice");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + alice);
        for (String body : List.of("{\"text\": \"unterminated", "{}", "{\"text\": \"   \"}", "{\"text\": 42}",
                "{\"text\": \"" + "x".repeat(4001) + "\"}",
                "{\"text\": \"ok\", \"clientMessageId\": \"" + "k".repeat(129) + "\"}")) {
            Response response = demo.request("POST", messages(direct), auth, body);
            assertEquals(400, response.status(), body + " -> " + response.body());
            assertEquals("invalid_payload", response.errorCode(), body);
        }
        assertEquals(0, demo.get(messages(direct), alice).expect(200).json().path("messages").size());
        demo.post(messages(direct), alice, Map.of("text", "y".repeat(4000))).expect(201);

        assertEquals("invalid_payload", demo.get(messages(direct) + "?limit=0", alice).expect(400).errorCode());
        assertEquals("invalid_payload", demo.get(messages(direct) + "?limit=two", alice).expect(400).errorCode());
    }

    @Test
    void theMessageEndpointsNeedAToken() {
        assertEquals("unauthorized", demo.get(messages(direct), null).expect(401).errorCode());
        assertEquals("unauthorized", demo.post(messages(direct), null, Map.of("text", "anonymous")).expect(401).errorCode());
    }

    private static String messages(String conversationId) {
        return "/api/conversations/" + conversationId + "/messages";
    }

    private static List<String> idsOf(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("messages").forEach(message -> ids.add(message.path("id").asText()));
        return ids;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> values = new ArrayList<>();
        array.forEach(values::add);
        return values;
    }
}
