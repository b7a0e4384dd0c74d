package dev.syncio.it.conversation;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.error;
import static dev.syncio.it.support.ChatServer.errorCode;
import static dev.syncio.it.support.ChatServer.join;
import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.keys;
import static dev.syncio.it.support.ChatServer.leave;
import static dev.syncio.it.support.ChatServer.next;
import static dev.syncio.it.support.ChatServer.record;
import static dev.syncio.it.support.ChatServer.strings;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code join_conversation} / {@code leave_conversation}, access checks and revocation, with the Java client. */
class ConversationJoinTest {

    private ChatServer chat;
    private JavaClients clients;

    @BeforeEach
    void start() {
        chat = ChatServer.start();
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        chat.close();
    }

    @Test
    void allowedJoinIsAckedWithTheConversationAndTheJoinerOnline() {
        Socket alice = chat.connect(clients, "alice");
        Socket bob = chat.connect(clients, "bob");

        JSONObject ack = join(alice, "c1");
        assertEquals(Set.of("ok", "conversationId", "online"), keys(ack), ack::toString);
        assertEquals(true, ack.opt("ok"));
        assertEquals("c1", ack.opt("conversationId"));
        assertEquals(List.of("alice"), strings(ack.optJSONArray("online")));

        JSONObject second = join(bob, "c1");
        assertEquals(true, second.opt("ok"));
        assertEquals(Set.of("alice", "bob"), Set.copyOf(strings(second.optJSONArray("online"))));
        assertEquals(Set.of("user:alice", "conversation:c1"), chat.serverSocket(alice).rooms());
    }

    @Test
    void joiningTwiceIsHarmlessAndAckedAgain() {
        Socket alice = chat.connect(clients, "alice");
        joinOk(alice, "c1");
        JSONObject again = join(alice, "c1");
        assertEquals(true, again.opt("ok"));
        assertEquals(List.of("alice"), strings(again.optJSONArray("online")));
        assertEquals(Set.of("user:alice", "conversation:c1"), chat.serverSocket(alice).rooms());
    }

    @Test
    void forbiddenJoinIsRefusedAndTheSocketReceivesNothingFromThatConversation() {
        Socket alice = chat.connect(clients, "alice");
        Socket carol = chat.connect(clients, "carol");
        joinOk(carol, "secret");

        JSONObject ack = join(alice, "secret");
        assertEquals(Set.of("ok", "error"), keys(ack), ack::toString);
        assertEquals("forbidden", errorCode(ack));
        assertFalse(error(ack).optString("message").isBlank(), "the error has a message");
        assertEquals(Set.of("user:alice"), chat.serverSocket(alice).rooms());

        BlockingQueue<Object[]> aliceGets = record(alice, "probe");
        BlockingQueue<Object[]> carolGets = record(carol, "probe");
        chat.server().emitter().toConversation("secret").emit("probe", Map.of("id", "p1"));
        chat.barrier(alice);

        assertEquals("p1", next(carolGets).optString("id"), "the member gets it (the emit works)");
        assertTrue(aliceGets.isEmpty(), "the refused socket got an event of the conversation");
    }

    @Test
    void unknownConversationIsForbiddenLikeANotAllowedOne() {
        Socket alice = chat.connect(clients, "alice");
        JSONObject unknown = join(alice, "no-such-conversation");
        JSONObject notAllowed = join(alice, "secret");

        assertEquals("forbidden", errorCode(unknown));
        assertEquals(error(notAllowed).optString("message"), error(unknown).optString("message"),
                "unknown and not-allowed conversations must look the same to a client");
        assertEquals(Set.of("user:alice"), chat.serverSocket(alice).rooms());
    }

    @Test
    void joinIsForbiddenAfterThePolicyRemovesTheUser() {
        Socket bob = chat.connect(clients, "bob");
        chat.disallow("c1", "bob");
        assertEquals("forbidden", errorCode(join(bob, "c1")));
        chat.allow("c1", "bob");
        joinOk(bob, "c1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"join_conversation", "leave_conversation", "typing_start", "typing_stop"})
    void invalidPayloadsAreRefusedNamingConversationId(String event) {
        Socket alice = chat.connect(clients, "alice");

        for (JSONObject ack : ChatServer.invalidPayloadAcks(alice, event, "conversationId")) {
            assertEquals("invalid_payload", errorCode(ack), ack::toString);
            assertTrue(error(ack).optString("message").contains("conversationId"),
                    () -> "the message names the field: " + ack);
        }
        assertEquals(Set.of("user:alice"), chat.serverSocket(alice).rooms());
        assertTrue(alice.connected(), "a bad payload never costs the connection");
    }

    @Test
    void leaveIsAckedAndNothingMoreArrivesFromTheConversation() {
        Socket alice = chat.connect(clients, "alice");
        Socket bob = chat.connect(clients, "bob");
        joinOk(alice, "c1");
        joinOk(bob, "c1");
        BlockingQueue<Object[]> aliceGets = record(alice, "probe");
        BlockingQueue<Object[]> bobGets = record(bob, "probe");

        chat.server().emitter().toConversation("c1").emit("probe", Map.of("id", "before"));
        assertEquals("before", next(aliceGets).optString("id"));
        assertEquals("before", next(bobGets).optString("id"));

        JSONObject ack = leave(alice, "c1");
        assertEquals(Set.of("ok", "conversationId"), keys(ack), ack::toString);
        assertEquals(true, ack.opt("ok"));
        assertEquals("c1", ack.opt("conversationId"));
        assertEquals(Set.of("user:alice"), chat.serverSocket(alice).rooms());

        chat.server().emitter().toConversation("c1").emit("probe", Map.of("id", "after"));
        assertEquals("after", next(bobGets).optString("id"));
        chat.barrier(alice);
        assertTrue(aliceGets.isEmpty(), "an event of a conversation arrived after leaving it");
    }

    @Test
    void leavingAConversationNotJoinedIsAckedOk() {
        Socket alice = chat.connect(clients, "alice");
        JSONObject ack = leave(alice, "c2");
        assertEquals(true, ack.opt("ok"));
        assertEquals("c2", ack.opt("conversationId"));
    }

    @Test
    void revokingTakesEveryDeviceOfTheUserOutOfTheRoom() {
        Socket alice = chat.connect(clients, "alice");
        Socket bobPhone = chat.connect(clients, "bob");
        Socket bobLaptop = chat.connect(clients, "bob");
        joinOk(alice, "c1");
        joinOk(bobPhone, "c1");
        joinOk(bobLaptop, "c1");
        joinOk(bobLaptop, "c2");

        BlockingQueue<Object[]> aliceGets = record(alice, "probe");
        BlockingQueue<Object[]> phoneGets = record(bobPhone, "probe");
        BlockingQueue<Object[]> laptopGets = record(bobLaptop, "probe");
        chat.disallow("c1", "bob");
        assertEquals(2, chat.server().removeFromConversation("bob", "c1"));
        // in the bus's order: an event emitted right after the revocation no longer reaches bob
        chat.server().emitter().toConversation("c1").emit("probe", Map.of("id", "after-revoke"));

        await().atMost(Duration.ofSeconds(5)).until(() ->
                !chat.serverSocket(bobPhone).rooms().contains("conversation:c1")
                        && !chat.serverSocket(bobLaptop).rooms().contains("conversation:c1"));
        assertEquals(Set.of("user:bob"), chat.serverSocket(bobPhone).rooms());
        assertEquals(Set.of("user:bob", "conversation:c2"), chat.serverSocket(bobLaptop).rooms(),
                "other conversations are untouched");

        assertEquals("after-revoke", next(aliceGets).optString("id"));
        chat.barrier(bobPhone);
        chat.barrier(bobLaptop);
        assertTrue(phoneGets.isEmpty(), "a revoked device still gets the conversation's events");
        assertTrue(laptopGets.isEmpty(), "a revoked device still gets the conversation's events");

        assertTrue(bobPhone.connected() && bobLaptop.connected(), "revoking keeps the sockets connected");
        assertEquals("forbidden", errorCode(join(bobPhone, "c1")), "and the policy now refuses a rejoin");
    }

    @Test
    void revokingAUserWhoIsNotInTheConversationRemovesNothing() {
        Socket alice = chat.connect(clients, "alice");
        joinOk(alice, "c1");
        assertEquals(0, chat.server().removeFromConversation("bob", "c1"));
        assertEquals(0, chat.server().removeFromConversation("alice", "c2"));
        assertEquals(Set.of("user:alice", "conversation:c1"), chat.serverSocket(alice).rooms());
    }

    @Test
    void aClientCannotEnterAnotherUsersRoomByNamingIt() {
        Socket alice = chat.connect(clients, "alice");
        Socket bob = chat.connect(clients, "bob");
        // even a policy that says yes to a conversation literally named "user:alice" ...
        chat.allow("user:alice", "bob");
        chat.allow("x", "bob");
        joinOk(bob, "user:alice");
        joinOk(bob, "x");
        // ... only ever puts bob in conversation rooms
        assertEquals(Set.of("user:bob", "conversation:user:alice", "conversation:x"), chat.serverSocket(bob).rooms());

        BlockingQueue<Object[]> aliceGets = record(alice, "private");
        BlockingQueue<Object[]> bobGets = record(bob, "private");
        chat.server().emitter().toUser("alice").emit("private", Map.of("id", "for-alice"));
        assertEquals("for-alice", next(aliceGets).optString("id"));
        chat.barrier(bob);
        assertTrue(bobGets.isEmpty(), "bob received an event of alice's user room");
    }

    @Test
    void thereIsNoGenericJoinEvent() {
        Socket bob = chat.connect(clients, "bob");
        for (String event : List.of("join", "joinRoom")) {
            JSONObject ack = call(bob, event, Map.of("room", "user:alice", "conversationId", "c1"));
            assertEquals("unknown_event", errorCode(ack), ack::toString);
        }
        // subscribe is topics' event: it names a topic, never a room, and a topic is refused by default
        JSONObject ack = call(bob, "subscribe", Map.of("room", "user:alice", "conversationId", "c1"));
        assertEquals("invalid_payload", errorCode(ack), ack::toString);
        ack = call(bob, "subscribe", Map.of("topic", "user:alice"));
        assertEquals("forbidden", errorCode(ack), ack::toString);
        assertEquals(Set.of("user:bob"), chat.serverSocket(bob).rooms());
    }

    @Test
    void aSocketCannotJoinMoreConversationsThanTheConfiguredMaximum() {
        chat.close();
        chat = ChatServer.start(b -> b.maxConversationsPerSocket(2));
        chat.allow("c3", "alice");
        Socket alice = chat.connect(clients, "alice");
        joinOk(alice, "c1");
        joinOk(alice, "c2");
        assertEquals("forbidden", errorCode(join(alice, "c3")));
        joinOk(alice, "c2"); // already in: still fine
        leave(alice, "c1");
        joinOk(alice, "c3");
    }
}
