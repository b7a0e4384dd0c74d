package dev.syncio.it.demo;

import static dev.syncio.it.support.DemoFixture.call;
import static dev.syncio.it.support.DemoFixture.next;
import static dev.syncio.it.support.DemoFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

/** {@code GET/POST /api/conversations} against the running demo, with real Java socket clients. */
class ConversationApiTest {

    private DemoFixture demo;

    @BeforeEach
    void start() {
        demo = DemoFixture.start();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void aliceSeesBothSeededConversations() {
        JsonNode list = demo.get("/api/conversations", demo.token("alice")).expect(200).json();
        assertEquals(2, list.size(), list::toString);

        JsonNode general = demo.conversation("alice", demo.conversationId("alice", "General"));
        assertEquals("group", general.path("type").asText());
        assertEquals(List.of("alice", "bob", "carol"), strings(general.path("memberIds")));
        assertTrue(general.has("lastMessage") && general.get("lastMessage").isNull(), general::toString);
        assertEquals(0, general.path("unreadCount").asLong());
        assertTrue(general.path("id").asText().startsWith("c_"), general::toString);

        JsonNode direct = demo.conversation("alice", demo.conversationId("alice", "Alice & Bob"));
        assertEquals("direct", direct.path("type").asText());
        assertEquals(List.of("alice", "bob"), strings(direct.path("memberIds")));
    }

    @Test
    void carolSeesGeneralOnly() {
        JsonNode list = demo.get("/api/conversations", demo.token("carol")).expect(200).json();
        assertEquals(1, list.size(), list::toString);
        assertEquals("General", list.get(0).path("title").asText());
    }

    @Test
    void unreadCountsAndTheLastMessageFollowWhatOthersSend() {
        String general = demo.conversationId("alice", "General");
        demo.send("bob", general, "first");
        JsonNode second = demo.send("bob", general, "second");

        JsonNode forAlice = demo.conversation("alice", general);
        assertEquals(2, forAlice.path("unreadCount").asLong());
        assertEquals(second, forAlice.path("lastMessage"));
        assertEquals(0, demo.conversation("bob", general).path("unreadCount").asLong(), "own messages are not unread");
        assertEquals(2, demo.conversation("carol", general).path("unreadCount").asLong());

        JsonNode list = demo.get("/api/conversations", demo.token("alice")).expect(200).json();
        assertEquals(general, list.get(0).path("id").asText(), "the most recently active conversation comes first");
    }

    @Test
    void creatingAGroupAddsTheCallerAndAnnouncesItToEveryMember() {
        Socket bob = demo.connect("bob");
        Socket alice = demo.connect("alice");
        Socket carol = demo.connect("carol");
        BlockingQueue<Object[]> bobGets = record(bob, "conversation:updated");
        BlockingQueue<Object[]> aliceGets = record(alice, "conversation:updated");
        BlockingQueue<Object[]> carolGets = record(carol, "conversation:updated");

        Response created = demo.post("/api/conversations", demo.token("alice"),
                Map.of("title", "  Project X ", "memberIds", List.of("bob")));
        created.expect(201);
        JsonNode conversation = created.json();
        String id = conversation.path("id").asText();
        assertTrue(id.startsWith("c_"), created::body);
        assertEquals("Project X", conversation.path("title").asText());
        assertEquals("group", conversation.path("type").asText());
        assertEquals(List.of("alice", "bob"), strings(conversation.path("memberIds")));
        assertTrue(conversation.get("lastMessage").isNull(), created::body);
        assertEquals(0, conversation.path("unreadCount").asLong());

        for (BlockingQueue<Object[]> member : List.of(bobGets, aliceGets)) {
            JSONObject event = next(member);
            assertEquals(id, event.optString("conversationId"));
            assertEquals("new", event.optString("eventType"));
            assertFalse(event.optString("id").isEmpty(), event::toString);
            Instant.parse(event.optString("at"));
        }

        // carol is no member: a later conversation that includes her is the first one she hears of
        String withCarol = demo.post("/api/conversations", demo.token("alice"),
                Map.of("title", "All hands", "memberIds", List.of("bob", "carol"))).expect(201).json().path("id").asText();
        assertEquals(withCarol, next(carolGets).optString("conversationId"));
        assertTrue(carolGets.isEmpty(), "carol heard of a conversation she is not in");

        // the new conversation is real: listed, and its room is open to members only
        assertEquals(conversation.path("title"), demo.conversation("bob", id).path("title"));
        assertTrue(call(bob, "join_conversation", Map.of("conversationId", id)).optBoolean("ok"));
        JSONObject refused = call(carol, "join_conversation", Map.of("conversationId", id));
        assertEquals("forbidden", refused.optJSONObject("error").optString("code"), refused::toString);
    }

    @Test
    void unknownMembersAreRefusedAndNothingIsCreated() {
        Response response = demo.post("/api/conversations", demo.token("alice"),
                Map.of("title", "Ghosts", "memberIds", List.of("bob", "nobody")));
        assertEquals(400, response.status());
        assertEquals("invalid_payload", response.errorCode());
        assertEquals("memberIds must name existing users", response.json().path("error").path("message").asText());
        assertEquals(2, demo.get("/api/conversations", demo.token("alice")).expect(200).json().size());
        assertEquals(2, demo.get("/api/conversations", demo.token("bob")).expect(200).json().size());
    }

    @Test
    void invalidBodiesAreInvalidPayloads() {
        String token = demo.token("alice");
        List<String> bodies = List.of("{\"title\": ", "{}", "{\"memberIds\": [\"bob\"]}", "{\"title\": \"x\"}",
                "{\"title\": \"   \", \"memberIds\": []}", "{\"title\": \"x\", \"memberIds\": \"bob\"}",
                "{\"title\": \"x\", \"memberIds\": [null]}", "{\"title\": 7, \"memberIds\": []}");
        for (String body : bodies) {
            Response response = demo.request("POST", "/api/conversations", Map.of("Authorization", "Bearer " + token),
                    body);
            assertEquals(400, response.status(), body + " -> " + response.body());
            assertEquals("invalid_payload", response.errorCode(), body);
        }
        assertEquals(2, demo.get("/api/conversations", token).expect(200).json().size());
    }

    @Test
    void theConversationEndpointsNeedAToken() {
        assertEquals("unauthorized", demo.get("/api/conversations", null).expect(401).errorCode());
        assertEquals("unauthorized", demo.post("/api/conversations", null,
                Map.of("title", "x", "memberIds", List.of())).expect(401).errorCode());
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
