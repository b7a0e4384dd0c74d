package dev.syncio.it.conversation;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.errorCode;
import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.next;
import static dev.syncio.it.support.ChatServer.payload;
import static dev.syncio.it.support.ChatServer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code typing_start} / {@code typing_stop} relayed as {@code typing} to the other members of the
 * conversation, never to the typist's own sockets; ended by stop, timeout, leave and disconnect.
 * Members of c1: alice (two devices), bob, carol. Tests that are not about the timeout use a long one
 * (30 s) so that no {@code typing: false} can slip in.
 */
class TypingTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private ChatServer chat;
    private JavaClients clients;
    private Socket alice;
    private Socket aliceTablet;
    private Socket bob;
    private Socket carol;
    private BlockingQueue<Object[]> aliceGets;
    private BlockingQueue<Object[]> tabletGets;
    private BlockingQueue<Object[]> bobGets;
    private BlockingQueue<Object[]> carolGets;

    @BeforeEach
    void setUp() {
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        if (chat != null) {
            chat.close();
        }
    }

    /** Starts a server with this typing timeout; everyone joins c1 and records {@code typing}. */
    private void start(Duration typingTimeout) {
        chat = ChatServer.start(b -> b.typingTimeout(typingTimeout));
        alice = chat.connect(clients, "alice");
        aliceTablet = chat.connect(clients, "alice");
        bob = chat.connect(clients, "bob");
        carol = chat.connect(clients, "carol");
        for (Socket socket : List.of(alice, aliceTablet, bob, carol)) {
            joinOk(socket, "c1");
        }
        aliceGets = record(alice, "typing");
        tabletGets = record(aliceTablet, "typing");
        bobGets = record(bob, "typing");
        carolGets = record(carol, "typing");
    }

    private static JSONObject typingStart(Socket socket, String conversationId) {
        return call(socket, "typing_start", Map.of("conversationId", conversationId));
    }

    private static JSONObject typingStop(Socket socket, String conversationId) {
        return call(socket, "typing_stop", Map.of("conversationId", conversationId));
    }

    /** The {@code typing} values received so far, after a barrier. */
    private List<Boolean> typingSoFar(Socket socket, BlockingQueue<Object[]> queue) {
        chat.barrier(socket);
        List<Boolean> values = new ArrayList<>();
        for (Object[] args : queue) {
            JSONObject payload = payload(args);
            assertEquals("alice", payload.opt("userId"), payload::toString);
            assertEquals("c1", payload.opt("conversationId"), payload::toString);
            values.add((Boolean) payload.opt("typing"));
        }
        return values;
    }

    @Test
    void typingStartReachesTheOtherMembersOnceButNoneOfTheTypistsDevices() {
        start(LONG);
        JSONObject ack = typingStart(alice, "c1");
        assertEquals(true, ack.opt("ok"), ack::toString);

        assertEquals(List.of(true), typingSoFar(bob, bobGets));
        assertEquals(List.of(true), typingSoFar(carol, carolGets));
        assertEquals(List.of(), typingSoFar(alice, aliceGets), "the typing socket itself");
        assertEquals(List.of(), typingSoFar(aliceTablet, tabletGets), "the typist's other device");
    }

    @Test
    void repeatedTypingStartWithinTheTimeoutIsNotRebroadcast() {
        start(LONG);
        for (int i = 0; i < 5; i++) {
            assertEquals(true, typingStart(alice, "c1").opt("ok"));
        }
        assertEquals(true, typingStart(aliceTablet, "c1").opt("ok"), "the same user on another device");

        assertEquals(List.of(true), typingSoFar(bob, bobGets));
        assertEquals(List.of(true), typingSoFar(carol, carolGets));
    }

    @Test
    void typingStopEndsTypingForTheOthers() {
        start(LONG);
        typingStart(alice, "c1");
        assertEquals(true, next(bobGets).opt("typing"));

        JSONObject ack = typingStop(alice, "c1");
        assertEquals(true, ack.opt("ok"), ack::toString);
        assertEquals(false, next(bobGets).opt("typing"));
        assertEquals(List.of(), typingSoFar(bob, bobGets), "exactly one typing:false");
        assertEquals(List.of(true, false), typingSoFar(carol, carolGets));
        assertEquals(List.of(), typingSoFar(aliceTablet, tabletGets));
    }

    @Test
    void typingStopWithoutTypingIsAckedAndBroadcastsNothing() {
        start(LONG);
        assertEquals(true, typingStop(alice, "c1").opt("ok"));
        assertEquals(List.of(), typingSoFar(bob, bobGets));
    }

    @Test
    void typingCanStartAgainAfterAStop() {
        start(LONG);
        typingStart(alice, "c1");
        typingStop(alice, "c1");
        typingStart(alice, "c1");
        assertEquals(List.of(true, false, true), typingSoFar(bob, bobGets));
    }

    @Test
    void unrefreshedTypingEndsAfterTheTimeout() {
        Duration timeout = Duration.ofMillis(500);
        start(timeout);
        typingStart(alice, "c1");
        assertEquals(true, next(bobGets).opt("typing"));
        long startedAt = System.nanoTime();

        JSONObject ended = next(bobGets); // waits up to 5 s
        long elapsedMs = (System.nanoTime() - startedAt) / 1_000_000;
        assertEquals(false, ended.opt("typing"));
        assertEquals("alice", ended.opt("userId"));
        assertTrue(elapsedMs >= timeout.toMillis() / 2, () -> "typing ended after only " + elapsedMs + " ms");
        // the timer's emit may still be on its way to carol: wait for it rather than barrier it
        assertEquals(true, next(carolGets).opt("typing"));
        assertEquals(false, next(carolGets).opt("typing"));
        assertEquals(List.of(), typingSoFar(carol, carolGets));
        assertEquals(List.of(), typingSoFar(aliceTablet, tabletGets));
    }

    @Test
    void typingEndsWhenTheTypistDisconnects() {
        start(LONG);
        typingStart(alice, "c1");
        assertEquals(true, next(bobGets).opt("typing"));

        alice.disconnect();
        JSONObject ended = next(bobGets);
        assertEquals(false, ended.opt("typing"));
        assertEquals("alice", ended.opt("userId"));
        assertEquals(true, next(carolGets).opt("typing"));
        assertEquals(false, next(carolGets).opt("typing"));
        assertEquals(List.of(), typingSoFar(carol, carolGets));
        assertEquals(List.of(), typingSoFar(aliceTablet, tabletGets), "never to the typist's other device");
    }

    @Test
    void typingEndsWhenTheTypistLeavesTheConversation() {
        start(LONG);
        typingStart(alice, "c1");
        assertEquals(true, next(bobGets).opt("typing"));

        ChatServer.leave(alice, "c1");
        assertEquals(false, next(bobGets).opt("typing"));
    }

    @Test
    void typingInOneConversationIsNotSeenInAnother() {
        start(LONG);
        joinOk(alice, "c2");
        joinOk(bob, "c2");
        typingStart(alice, "c2");
        JSONObject started = next(bobGets);
        assertEquals("c2", started.opt("conversationId"));
        chat.barrier(carol);
        assertTrue(carolGets.isEmpty(), "carol is not in c2");
    }

    @Test
    void typingWithoutHavingJoinedIsForbidden() {
        start(LONG);
        // alice may join c2 but has not
        assertEquals("forbidden", errorCode(typingStart(alice, "c2")));
        assertEquals("forbidden", errorCode(typingStop(alice, "c2")));
        // carol may not even join it
        assertEquals("forbidden", errorCode(typingStart(carol, "secret-of-someone-else")));
        assertEquals(List.of(), typingSoFar(bob, bobGets));
    }
}
