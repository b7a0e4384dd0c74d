package dev.syncio.it.conversation;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.keys;
import static dev.syncio.it.support.ChatServer.next;
import static dev.syncio.it.support.ChatServer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.event.ChatMessage;
import dev.syncio.event.ConversationChange;
import dev.syncio.event.MessageStatus;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every server-to-client event of the wire contract, as the Java client receives it: field names,
 * types and values, ISO-8601 UTC instants, and a top-level {@code id} unique per event.
 */
class PayloadShapeTest {

    /** ISO-8601 in UTC with a {@code Z}, optional fraction: {@code 2026-11-22T10:15:30.123Z}. */
    private static final Pattern ISO_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    private ChatServer chat;
    private JavaClients clients;
    private Socket alice;
    private Socket bob;
    /** Every top-level {@code id} seen in a test, to check they are unique. */
    private final List<String> eventIds = new ArrayList<>();

    @BeforeEach
    void start() {
        chat = ChatServer.start(b -> b.typingTimeout(Duration.ofSeconds(30)));
        clients = new JavaClients();
        alice = chat.connect(clients, "alice");
        bob = chat.connect(clients, "bob");
    }

    @AfterEach
    void stop() {
        clients.close();
        chat.close();
    }

    private String eventId(JSONObject payload) {
        Object id = payload.opt("id");
        assertTrue(id instanceof String s && !s.isBlank(), () -> "top-level id must be a non-empty string: " + payload);
        eventIds.add((String) id);
        return (String) id;
    }

    private static Instant instant(JSONObject json, String field) {
        Object value = json.opt(field);
        assertTrue(value instanceof String, () -> field + " must be an ISO-8601 string: " + json);
        assertTrue(ISO_UTC.matcher((String) value).matches(), () -> field + " is not ISO-8601 UTC: " + value);
        return Instant.parse((String) value);
    }

    private static void assertRecent(Instant instant) {
        Instant now = Instant.now();
        assertTrue(!instant.isBefore(now.minusSeconds(30)) && !instant.isAfter(now.plusSeconds(5)),
                () -> instant + " is not about now (" + now + ")");
    }

    private void assertIdsUnique() {
        assertEquals(eventIds.size(), new HashSet<>(eventIds).size(), () -> "duplicate event ids: " + eventIds);
    }

    @Test
    void messageNewCarriesTheStoredMessage() {
        joinOk(alice, "c1");
        joinOk(bob, "c1");
        BlockingQueue<Object[]> bobGets = record(bob, "message:new");

        JSONObject ack = call(alice, "send_message", Map.of("conversationId", "c1", "text", "hello \u00e9\u2603",
                "clientMessageId", "cm-1"));
        assertEquals(true, ack.opt("ok"), ack::toString);
        String messageId = ack.optString("messageId");

        JSONObject event = next(bobGets);
        assertEquals(Set.of("id", "conversationId", "message"), keys(event), event::toString);
        String id = eventId(event);
        assertEquals("c1", event.opt("conversationId"));
        JSONObject message = event.optJSONObject("message");
        assertEquals(Set.of("id", "conversationId", "senderId", "text", "createdAt", "clientMessageId"), keys(message),
                message::toString);
        assertEquals(messageId, message.opt("id"));
        assertNotEquals(id, message.opt("id"), "the event id is not the message id");
        assertEquals("c1", message.opt("conversationId"));
        assertEquals("alice", message.opt("senderId"));
        assertEquals("hello \u00e9\u2603", message.opt("text"));
        assertRecent(instant(message, "createdAt"));
        assertEquals("cm-1", message.opt("clientMessageId"));

        ChatMessage stored = chat.sent.poll();
        assertEquals(stored.createdAt(), Instant.parse(message.optString("createdAt")), "no precision lost");
    }

    @Test
    void messageNewWithoutClientMessageIdLeavesTheFieldOut() {
        joinOk(alice, "c1");
        joinOk(bob, "c1");
        BlockingQueue<Object[]> bobGets = record(bob, "message:new");
        assertEquals(true, call(alice, "send_message", Map.of("conversationId", "c1", "text", "hi")).opt("ok"));

        JSONObject message = next(bobGets).optJSONObject("message");
        assertEquals(Set.of("id", "conversationId", "senderId", "text", "createdAt"), keys(message), message::toString);
    }

    @Test
    void messageStatusCarriesMessageStatusUserAndInstant() {
        joinOk(alice, "c1");
        BlockingQueue<Object[]> aliceGets = record(alice, "message:status");
        Instant at = Instant.parse("2026-11-22T10:15:30.123Z");

        chat.server().emitter().messageStatus("c1", "m-42", MessageStatus.READ, "bob", at);

        JSONObject event = next(aliceGets);
        assertEquals(Set.of("id", "conversationId", "messageId", "status", "userId", "at"), keys(event),
                event::toString);
        eventId(event);
        assertEquals("c1", event.opt("conversationId"));
        assertEquals("m-42", event.opt("messageId"));
        assertEquals("read", event.opt("status"));
        assertEquals("bob", event.opt("userId"));
        assertEquals("2026-11-22T10:15:30.123Z", event.opt("at"));
    }

    @ParameterizedTest
    @EnumSource(MessageStatus.class)
    void messageStatusValuesAreLowerCase(MessageStatus status) {
        joinOk(alice, "c1");
        BlockingQueue<Object[]> aliceGets = record(alice, "message:status");
        chat.server().emitter().messageStatus("c1", "m-1", status, "bob", Instant.now());
        assertEquals(status.name().toLowerCase(java.util.Locale.ROOT), next(aliceGets).opt("status"));
    }

    @Test
    void messageUpdatedCarriesTheUpdatedMessage() {
        joinOk(alice, "c1");
        BlockingQueue<Object[]> aliceGets = record(alice, "message:updated");
        Instant created = Instant.parse("2026-01-02T03:04:05Z");

        chat.server().emitter().messageUpdated(new ChatMessage("m-7", "c1", "bob", "edited", created, "cm-7"));

        JSONObject event = next(aliceGets);
        assertEquals(Set.of("id", "conversationId", "message"), keys(event), event::toString);
        String id = eventId(event);
        assertEquals("c1", event.opt("conversationId"));
        JSONObject message = event.optJSONObject("message");
        assertEquals(Set.of("id", "conversationId", "senderId", "text", "createdAt", "clientMessageId"), keys(message),
                message::toString);
        assertEquals("m-7", message.opt("id"));
        assertNotEquals(id, "m-7");
        assertEquals("c1", message.opt("conversationId"));
        assertEquals("bob", message.opt("senderId"));
        assertEquals("edited", message.opt("text"));
        assertEquals(created, instant(message, "createdAt"));
        assertEquals("cm-7", message.opt("clientMessageId"));
    }

    @Test
    void conversationUpdatedGoesToTheUserRoomOfEachMember() {
        Socket bobLaptop = chat.connect(clients, "bob");
        Socket carol = chat.connect(clients, "carol");
        BlockingQueue<Object[]> aliceGets = record(alice, "conversation:updated");
        BlockingQueue<Object[]> bobGets = record(bob, "conversation:updated");
        BlockingQueue<Object[]> laptopGets = record(bobLaptop, "conversation:updated");
        BlockingQueue<Object[]> carolGets = record(carol, "conversation:updated");

        // nobody joined anything: user rooms only
        chat.server().emitter().conversationUpdated("c9", ConversationChange.NEW, List.of("alice", "bob"));

        JSONObject event = next(aliceGets);
        assertEquals(Set.of("id", "conversationId", "eventType", "at"), keys(event), event::toString);
        String id = eventId(event);
        assertEquals("c9", event.opt("conversationId"));
        assertEquals("new", event.opt("eventType"));
        assertRecent(instant(event, "at"));
        assertEquals(id, next(bobGets).opt("id"), "the same event for every member");
        assertEquals(id, next(laptopGets).opt("id"), "and every device");
        chat.barrier(carol);
        assertTrue(carolGets.isEmpty(), "carol is no member");
    }

    @Test
    void conversationUpdatedEventTypesAreLowerCase() {
        BlockingQueue<Object[]> aliceGets = record(alice, "conversation:updated");
        chat.server().emitter().conversationUpdated("c1", ConversationChange.UPDATED, List.of("alice"));
        chat.server().emitter().conversationUpdated("c1", ConversationChange.DELETED, Set.of("alice"));
        JSONObject updated = next(aliceGets);
        JSONObject deleted = next(aliceGets);
        assertEquals("updated", updated.opt("eventType"));
        assertEquals("deleted", deleted.opt("eventType"));
        eventId(updated);
        eventId(deleted);
        assertIdsUnique();
    }

    @Test
    void typingCarriesConversationUserAndState() {
        joinOk(alice, "c1");
        joinOk(bob, "c1");
        BlockingQueue<Object[]> bobGets = record(bob, "typing");

        assertEquals(true, call(alice, "typing_start", Map.of("conversationId", "c1")).opt("ok"));
        JSONObject started = next(bobGets);
        assertEquals(Set.of("id", "conversationId", "userId", "typing"), keys(started), started::toString);
        eventId(started);
        assertEquals("c1", started.opt("conversationId"));
        assertEquals("alice", started.opt("userId"));
        assertEquals(true, started.opt("typing"));

        assertEquals(true, call(alice, "typing_stop", Map.of("conversationId", "c1")).opt("ok"));
        JSONObject stopped = next(bobGets);
        assertEquals(Set.of("id", "conversationId", "userId", "typing"), keys(stopped), stopped::toString);
        eventId(stopped);
        assertEquals(false, stopped.opt("typing"));
        assertIdsUnique();
    }

    @Test
    void presenceCarriesConversationUserStateAndInstant() {
        joinOk(alice, "c1");
        BlockingQueue<Object[]> aliceGets = record(alice, "presence");

        joinOk(bob, "c1");
        JSONObject online = next(aliceGets);
        assertEquals(Set.of("id", "conversationId", "userId", "online", "at"), keys(online), online::toString);
        eventId(online);
        assertEquals("c1", online.opt("conversationId"));
        assertEquals("bob", online.opt("userId"));
        assertEquals(true, online.opt("online"));
        assertRecent(instant(online, "at"));

        ChatServer.leave(bob, "c1");
        JSONObject offline = next(aliceGets);
        assertEquals(Set.of("id", "conversationId", "userId", "online", "at"), keys(offline), offline::toString);
        eventId(offline);
        assertEquals("bob", offline.opt("userId"));
        assertEquals(false, offline.opt("online"));
        assertFalse(instant(offline, "at").isBefore(instant(online, "at")));
        assertIdsUnique();
    }

    @Test
    void pongCarriesTheServerTime() {
        BlockingQueue<Object[]> pongs = record(alice, "pong");
        call(alice, "ping", Map.of());
        JSONObject pong = next(pongs);
        assertEquals(Set.of("id", "serverTime"), keys(pong), pong::toString);
        eventId(pong);
        assertRecent(instant(pong, "serverTime"));
    }

    @Test
    void everyEventHasItsOwnId() {
        joinOk(alice, "c1");
        Socket carol = chat.connect(clients, "carol");
        List<BlockingQueue<Object[]>> queues = new ArrayList<>();
        for (String event : List.of("message:new", "message:status", "message:updated", "conversation:updated",
                "typing", "presence", "pong")) {
            queues.add(record(alice, event));
        }
        joinOk(bob, "c1");
        joinOk(carol, "c1");
        call(bob, "send_message", Map.of("conversationId", "c1", "text", "one"));
        call(carol, "send_message", Map.of("conversationId", "c1", "text", "two"));
        call(bob, "typing_start", Map.of("conversationId", "c1"));
        call(carol, "typing_start", Map.of("conversationId", "c1"));
        chat.server().emitter().messageStatus("c1", "m", MessageStatus.DELIVERED, "bob", Instant.now());
        chat.server().emitter().messageStatus("c1", "m", MessageStatus.DELIVERED, "bob", Instant.now());
        chat.server().emitter().messageUpdated(new ChatMessage("m", "c1", "bob", "x", Instant.now(), null));
        chat.server().emitter().messageUpdated(new ChatMessage("m", "c1", "bob", "x", Instant.now(), null));
        chat.server().emitter().conversationUpdated("c1", ConversationChange.UPDATED, List.of("alice"));
        chat.server().emitter().conversationUpdated("c1", ConversationChange.UPDATED, List.of("alice"));
        call(alice, "ping", Map.of());
        call(alice, "ping", Map.of());
        // the pong follows the ping's ack: wait for it, a barrier could overtake it
        BlockingQueue<Object[]> pongs = queues.get(queues.size() - 1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> pongs.size() >= 2);
        chat.barrier(alice);

        int events = 0;
        List<Integer> perEvent = new ArrayList<>();
        for (BlockingQueue<Object[]> queue : queues) {
            perEvent.add(queue.size());
            for (Object[] args : queue) {
                eventId(ChatServer.payload(args));
                events++;
            }
        }
        // 2 message:new, 2 status, 2 updated, 2 conversation:updated, 2 typing, 2 presence, 2 pong
        assertEquals(List.of(2, 2, 2, 2, 2, 2, 2), perEvent,
                "message:new, message:status, message:updated, conversation:updated, typing, presence, pong");
        assertEquals(14, events);
        assertIdsUnique();
    }
}
