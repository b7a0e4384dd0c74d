package dev.syncio.it.conversation;

import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.leave;
import static dev.syncio.it.support.ChatServer.next;
import static dev.syncio.it.support.ChatServer.payload;
import static dev.syncio.it.support.ChatServer.record;
import static dev.syncio.it.support.ChatServer.strings;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code presence}: a user is online in a conversation while at least one of their sockets is in
 * its room. Alice watches c1 while bob comes and goes with two devices.
 */
class PresenceTest {

    private ChatServer chat;
    private JavaClients clients;
    private Socket alice;
    private Socket bobPhone;
    private Socket bobLaptop;
    private BlockingQueue<Object[]> aliceGets;

    @BeforeEach
    void start() {
        chat = ChatServer.start();
        clients = new JavaClients();
        alice = chat.connect(clients, "alice");
        bobPhone = chat.connect(clients, "bob");
        bobLaptop = chat.connect(clients, "bob");
        joinOk(alice, "c1");
        aliceGets = record(alice, "presence");
    }

    @AfterEach
    void stop() {
        clients.close();
        chat.close();
    }

    /** The presence events alice got so far as {@code "<userId>:<online>"}, after a barrier. */
    private List<String> aliceSawSoFar() {
        chat.barrier(alice);
        List<String> seen = new ArrayList<>();
        for (Object[] args : aliceGets) {
            JSONObject presence = payload(args);
            assertEquals("c1", presence.opt("conversationId"), presence::toString);
            seen.add(presence.opt("userId") + ":" + presence.opt("online"));
        }
        aliceGets.clear();
        return seen;
    }

    private void awaitPresence(Set<String> users) {
        await().atMost(Duration.ofSeconds(5)).until(() -> presenceOf("c1").equals(users));
    }

    @Test
    void joinerAppearsInThePresenceOfTheConversation() {
        assertEquals(Set.of("alice"), presenceOf("c1"));
        assertEquals(Set.of(), presenceOf("c2"));
        assertEquals(Set.of(), presenceOf("no-such-conversation"));
    }

    @Test
    void firstDeviceJoiningAnnouncesTheUserOnlineToTheWholeRoom() {
        BlockingQueue<Object[]> phoneGets = record(bobPhone, "presence");
        joinOk(bobPhone, "c1");

        JSONObject online = next(aliceGets);
        assertEquals("bob", online.opt("userId"));
        assertEquals(true, online.opt("online"));
        JSONObject own = next(phoneGets);
        assertEquals("bob", own.opt("userId"), "presence goes to the whole room, the user's own socket included");
        assertEquals(online.opt("id"), own.opt("id"), "one event for the whole room");
        assertEquals(List.of(), aliceSawSoFar(), "announced once");
        awaitPresence(Set.of("alice", "bob"));
    }

    @Test
    void secondDeviceJoiningAnnouncesNothing() {
        joinOk(bobPhone, "c1");
        assertEquals(List.of("bob:true"), aliceSawSoFar());
        BlockingQueue<Object[]> phoneGets = record(bobPhone, "presence");

        JSONObject ack = joinOk(bobLaptop, "c1");
        assertEquals(Set.of("alice", "bob"), Set.copyOf(strings(ack.optJSONArray("online"))));
        assertEquals(List.of(), aliceSawSoFar());
        chat.barrier(bobPhone);
        assertTrue(phoneGets.isEmpty(), "bob's first device hears nothing of his second");
    }

    @Test
    void userStaysOnlineUntilTheLastDeviceLeaves() {
        joinOk(bobPhone, "c1");
        joinOk(bobLaptop, "c1");
        assertEquals(List.of("bob:true"), aliceSawSoFar());

        leave(bobPhone, "c1");
        assertEquals(List.of(), aliceSawSoFar(), "the laptop is still there");
        assertEquals(Set.of("alice", "bob"), presenceOf("c1"));

        leave(bobLaptop, "c1");
        JSONObject offline = next(aliceGets);
        assertEquals("bob", offline.opt("userId"));
        assertEquals(false, offline.opt("online"));
        assertEquals(List.of(), aliceSawSoFar(), "announced once");
        awaitPresence(Set.of("alice"));
    }

    @Test
    void lastDeviceDisconnectingAnnouncesTheUserOffline() {
        joinOk(bobPhone, "c1");
        joinOk(bobLaptop, "c1");
        assertEquals(List.of("bob:true"), aliceSawSoFar());

        bobPhone.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.server().stats().connectedSockets() == 2);
        assertEquals(List.of(), aliceSawSoFar(), "the laptop is still there");
        assertEquals(Set.of("alice", "bob"), presenceOf("c1"));

        bobLaptop.disconnect();
        JSONObject offline = next(aliceGets);
        assertEquals("bob", offline.opt("userId"));
        assertEquals(false, offline.opt("online"));
        awaitPresence(Set.of("alice"));
        assertEquals(List.of(), aliceSawSoFar(), "announced once");
    }

    @Test
    void revokedUserGoesOfflineForTheOthers() {
        joinOk(bobPhone, "c1");
        joinOk(bobLaptop, "c1");
        assertEquals(List.of("bob:true"), aliceSawSoFar());

        chat.disallow("c1", "bob");
        chat.server().removeFromConversation("bob", "c1");
        JSONObject offline = next(aliceGets);
        assertEquals("bob", offline.opt("userId"));
        assertEquals(false, offline.opt("online"));
        awaitPresence(Set.of("alice"));
        assertEquals(List.of(), aliceSawSoFar(), "one offline for two devices");
    }

    @Test
    void rejoiningAfterGoingOfflineAnnouncesOnlineAgain() {
        joinOk(bobPhone, "c1");
        leave(bobPhone, "c1");
        joinOk(bobLaptop, "c1");
        assertEquals(List.of("bob:true", "bob:false", "bob:true"), aliceSawSoFar());
        awaitPresence(Set.of("alice", "bob"));
    }

    @Test
    void presenceOfOneConversationIsNotAnnouncedInAnother() {
        joinOk(bobPhone, "c2"); // alice is in c1 only
        assertEquals(List.of(), aliceSawSoFar());
        assertEquals(Set.of("alice"), presenceOf("c1"));
        assertEquals(Set.of("bob"), presenceOf("c2"));
    }

    @Test
    void leavingOneConversationKeepsTheUserOnlineInTheOthers() {
        joinOk(bobPhone, "c1");
        joinOk(bobPhone, "c2");
        assertEquals(List.of("bob:true"), aliceSawSoFar());
        leave(bobPhone, "c2");
        assertEquals(List.of(), aliceSawSoFar());
        awaitPresence(Set.of("alice", "bob"));
        assertEquals(Set.of(), presenceOf("c2"));
    }

    /** The server's presence answer; in memory it is complete at once. */
    private Set<String> presenceOf(String conversationId) {
        return chat.server().presence(conversationId).toCompletableFuture().join();
    }
}
