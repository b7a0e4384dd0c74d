package dev.syncio.it.conversation;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.callArgs;
import static dev.syncio.it.support.ChatServer.callWithoutPayload;
import static dev.syncio.it.support.ChatServer.error;
import static dev.syncio.it.support.ChatServer.errorCode;
import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.keys;
import static dev.syncio.it.support.ChatServer.next;
import static dev.syncio.it.support.ChatServer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.event.ChatMessage;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Host events with the library's ack and error conventions: the typed {@code send_message}, a
 * failing handler ({@code boom}), a refusing one ({@code refuse}) and events nobody handles.
 */
class HostEventTest {

    private ChatServer chat;
    private JavaClients clients;
    private Socket alice;
    private Socket bob;

    @BeforeEach
    void start() {
        chat = ChatServer.start();
        clients = new JavaClients();
        alice = chat.connect(clients, "alice");
        bob = chat.connect(clients, "bob");
        joinOk(alice, "c1");
        joinOk(bob, "c1");
    }

    @AfterEach
    void stop() {
        clients.close();
        chat.close();
    }

    /** The connection is up and handles events: a ping is acked ok. */
    private static void assertStillServed(Socket socket) {
        assertTrue(socket.connected(), "the socket was disconnected");
        JSONObject ack = call(socket, "ping", Map.of());
        assertEquals(true, ack.opt("ok"), ack::toString);
    }

    @Test
    void sendMessageIsBoundTypedAndAckedWithTheMessageId() {
        JSONObject ack = call(alice, "send_message", Map.of("conversationId", "c1", "text", "hi bob",
                "clientMessageId", "cm-1"));
        assertEquals(Set.of("ok", "messageId"), keys(ack), ack::toString);
        assertEquals(true, ack.opt("ok"));

        ChatMessage stored = chat.sent.poll();
        assertEquals(stored.id(), ack.opt("messageId"));
        assertEquals("c1", stored.conversationId());
        assertEquals("alice", stored.senderId());
        assertEquals("hi bob", stored.text());
        assertEquals("cm-1", stored.clientMessageId());
    }

    @Test
    void sendMessageReachesTheOtherMembersButNotTheSendingSocket() {
        Socket aliceTablet = chat.connect(clients, "alice");
        joinOk(aliceTablet, "c1");
        BlockingQueue<Object[]> aliceGets = record(alice, "message:new");
        BlockingQueue<Object[]> tabletGets = record(aliceTablet, "message:new");
        BlockingQueue<Object[]> bobGets = record(bob, "message:new");

        JSONObject ack = call(alice, "send_message", Map.of("conversationId", "c1", "text", "to all"));

        assertEquals(ack.opt("messageId"), next(bobGets).optJSONObject("message").opt("id"));
        assertEquals(ack.opt("messageId"), next(tabletGets).optJSONObject("message").opt("id"),
                "the sender's other device gets it: only the sending socket is excluded");
        chat.barrier(alice);
        assertTrue(aliceGets.isEmpty(), "the sending socket got its own message:new");
    }

    @Test
    void optionalClientMessageIdMayBeAbsentOrNull() {
        assertEquals(true, call(alice, "send_message", Map.of("conversationId", "c1", "text", "a")).opt("ok"));
        assertEquals(null, chat.sent.poll().clientMessageId());

        Map<String, Object> explicitNull = new HashMap<>(Map.of("conversationId", "c1", "text", "b"));
        explicitNull.put("clientMessageId", JSONObject.NULL);
        assertEquals(true, call(alice, "send_message", explicitNull).opt("ok"));
        assertEquals(null, chat.sent.poll().clientMessageId());
    }

    @Test
    void missingTextIsAnInvalidPayloadNamingText() {
        JSONObject ack = call(alice, "send_message", Map.of("conversationId", "c1"));
        assertEquals("invalid_payload", errorCode(ack), ack::toString);
        assertTrue(error(ack).optString("message").contains("text"), ack::toString);
        assertTrue(chat.sent.isEmpty(), "the handler must not run");
    }

    @Test
    void nullTextIsAnInvalidPayloadNamingText() {
        Map<String, Object> payload = new HashMap<>(Map.of("conversationId", "c1"));
        payload.put("text", JSONObject.NULL);
        JSONObject ack = call(alice, "send_message", payload);
        assertEquals("invalid_payload", errorCode(ack), ack::toString);
        assertTrue(error(ack).optString("message").contains("text"), ack::toString);
    }

    @Test
    void numericTextIsAnInvalidPayloadNamingText() {
        JSONObject ack = call(alice, "send_message", Map.of("conversationId", "c1", "text", 42));
        assertEquals("invalid_payload", errorCode(ack), ack::toString);
        assertTrue(error(ack).optString("message").contains("text"), ack::toString);
        assertTrue(chat.sent.isEmpty(), "no silent coercion of 42 to \"42\"");
    }

    @Test
    void wrongTypedOptionalFieldIsAnInvalidPayloadNamingIt() {
        JSONObject ack = call(alice, "send_message", Map.of("conversationId", "c1", "text", "x", "clientMessageId",
                true));
        assertEquals("invalid_payload", errorCode(ack), ack::toString);
        assertTrue(error(ack).optString("message").contains("clientMessageId"), ack::toString);
    }

    @Test
    void missingConversationIdIsAnInvalidPayloadNamingIt() {
        JSONObject ack = call(alice, "send_message", Map.of("text", "x"));
        assertEquals("invalid_payload", errorCode(ack), ack::toString);
        assertTrue(error(ack).optString("message").contains("conversationId"), ack::toString);
    }

    @Test
    void payloadThatIsNoObjectIsAnInvalidPayload() {
        assertEquals("invalid_payload", errorCode(callWithoutPayload(alice, "send_message")));
        assertEquals("invalid_payload", errorCode(callArgs(alice, "send_message", "just text")));
        assertEquals("invalid_payload", errorCode(callArgs(alice, "send_message", 7)));
        assertEquals("invalid_payload", errorCode(callArgs(alice, "send_message", new org.json.JSONArray())));
        assertTrue(chat.sent.isEmpty());
        assertStillServed(alice);
    }

    @Test
    void unknownFieldsAreIgnored() {
        JSONObject ack = call(alice, "send_message", Map.of("conversationId", "c1", "text", "x", "extra", 1));
        assertEquals(true, ack.opt("ok"), ack::toString);
    }

    @Test
    void hostRefusalWithSyncExceptionReachesTheClient() {
        JSONObject ack = call(alice, "send_message", Map.of("conversationId", "c2", "text", "not joined"));
        assertEquals("forbidden", errorCode(ack), ack::toString);

        JSONObject refused = call(alice, "refuse", Map.of());
        assertEquals(Set.of("ok", "error"), keys(refused), refused::toString);
        assertEquals(Set.of("code", "message"), keys(error(refused)), refused::toString);
        assertEquals("not_found", errorCode(refused));
        assertEquals("nope", error(refused).opt("message"));
        assertStillServed(alice);
    }

    @Test
    void failingHandlerIsAnInternalErrorWithAReferenceAndTheConnectionStays() {
        JSONObject ack = call(alice, "boom", Map.of());
        assertEquals(Set.of("ok", "error"), keys(ack), ack::toString);
        assertEquals("internal", errorCode(ack));
        String message = error(ack).optString("message");
        assertTrue(message.contains("ref"), () -> "no reference in: " + message);
        assertFalse(message.contains("boom"), () -> "the exception's text leaked to the client: " + message);
        assertStillServed(alice);

        String again = error(call(alice, "boom", Map.of())).optString("message");
        assertFalse(again.equals(message), "each failure gets its own reference");
    }

    @Test
    void failingHandlerWithoutAckIsDroppedAndTheConnectionStays() {
        alice.emit("boom", new JSONObject(Map.of()));
        alice.emit("refuse");
        assertStillServed(alice);
    }

    @Test
    void unknownEventWithAckIsAnsweredUnknownEvent() {
        JSONObject ack = call(alice, "no_such_event", Map.of("x", 1));
        assertEquals("unknown_event", errorCode(ack), ack::toString);
        assertTrue(error(ack).optString("message").contains("no_such_event"), ack::toString);
        assertStillServed(alice);
    }

    @Test
    void unknownEventWithoutAckBreaksNothing() {
        alice.emit("no_such_event", new JSONObject(Map.of("x", 1)));
        alice.emit("another_unknown");
        assertStillServed(alice);
        BlockingQueue<Object[]> bobGets = record(bob, "message:new");
        call(alice, "send_message", Map.of("conversationId", "c1", "text", "still works"));
        assertEquals("still works", next(bobGets).optJSONObject("message").opt("text"));
    }

    @Test
    void builtInEventsCannotBeOverriddenByTheHost() {
        for (String event : new String[] {"join_conversation", "leave_conversation", "typing_start", "typing_stop",
                "ping"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> chat.server().on(event, ctx -> ctx.reply(Map.of())), event);
        }
    }
}
