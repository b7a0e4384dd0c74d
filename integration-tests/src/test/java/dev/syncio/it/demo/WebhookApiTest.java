package dev.syncio.it.demo;

import static dev.syncio.it.support.DemoFixture.next;
import static dev.syncio.it.support.DemoFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.DemoFixture.Response;
import io.socket.client.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/webhooks/inbound}: messages from an outside channel, behind a shared secret. */
class WebhookApiTest {

    private static final String PATH = "/api/webhooks/inbound";

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
    void theRightSecretStoresAndAnnouncesTheMessage() throws Exception {
        Socket alice = demo.connectAndJoin("alice", general);
        BlockingQueue<Object[]> aliceGets = record(alice, "message:new");

        Response response = inbound(DemoFixture.WEBHOOK_SECRET, body(general, "bob", "sent from WhatsApp"));
        response.expect(201);
        JsonNode message = response.json();
        assertTrue(message.path("id").asText().startsWith("m_"), response::body);
        assertEquals("bob", message.path("senderId").asText());
        assertEquals("sent from WhatsApp", message.path("text").asText());
        assertFalse(message.has("clientMessageId"), response::body);

        JSONObject event = next(aliceGets);
        assertEquals(message.path("id").asText(), event.getJSONObject("message").optString("id"));
        assertEquals("bob", event.getJSONObject("message").optString("senderId"));
        assertEquals(message.path("id").asText(),
                demo.conversation("alice", general).path("lastMessage").path("id").asText());
    }

    @Test
    void aWrongOrMissingSecretIsUnauthorizedAndStoresNothing() {
        String body = body(general, "bob", "forged");
        for (Map<String, String> headers : java.util.List.<Map<String, String>>of(
                Map.of(),
                Map.of("X-Webhook-Secret", "wrong"),
                Map.of("X-Webhook-Secret", DemoFixture.WEBHOOK_SECRET + "x"),
                Map.of("X-Webhook-Secret", DemoFixture.WEBHOOK_SECRET.substring(1)),
                Map.of("Authorization", "Bearer " + demo.token("bob")))) {
            Response response = demo.request("POST", PATH, headers, body);
            assertEquals(401, response.status(), headers.keySet().toString());
            assertEquals("unauthorized", response.errorCode());
        }
        assertEquals(401, inbound("wrong", "{not json").status(), "the secret is checked first");
        assertTrue(demo.conversation("alice", general).get("lastMessage").isNull(), "nothing was stored");
    }

    @Test
    void theSenderMustBeAMemberOfAnExistingConversation() {
        String direct = demo.conversationId("alice", "Alice & Bob");
        assertEquals("forbidden", inbound(DemoFixture.WEBHOOK_SECRET, body(direct, "carol", "hi")).expect(403).errorCode());
        assertEquals("forbidden", inbound(DemoFixture.WEBHOOK_SECRET, body(general, "mallory", "hi")).expect(403)
                .errorCode());
        assertEquals("not_found", inbound(DemoFixture.WEBHOOK_SECRET, body("c_nope", "bob", "hi")).expect(404)
                .errorCode());
    }

    @Test
    void invalidBodiesAreInvalidPayloads() {
        for (String body : java.util.List.of("{\"conversationId\": ", "{}", "{\"conversationId\": \"" + general
                + "\", \"senderId\": \"bob\"}", "{\"conversationId\": \"" + general + "\", \"text\": \"x\"}",
                body(general, "bob", " "))) {
            Response response = inbound(DemoFixture.WEBHOOK_SECRET, body);
            assertEquals(400, response.status(), body + " -> " + response.body());
            assertEquals("invalid_payload", response.errorCode());
        }
    }

    private Response inbound(String secret, String body) {
        return demo.request("POST", PATH, Map.of("X-Webhook-Secret", secret), body);
    }

    private static String body(String conversationId, String senderId, String text) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("conversationId", conversationId);
        body.put("senderId", senderId);
        body.put("text", text);
        return new JSONObject(body).toString();
    }
}
