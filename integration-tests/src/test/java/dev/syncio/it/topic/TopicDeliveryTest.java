package dev.syncio.it.topic;

import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.TopicGrants.subscribeOk;
import static dev.syncio.it.support.TopicGrants.unsubscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.TopicGrants;
import io.socket.client.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code server.emitter().toTopic(t)} with real clients: an event reaches the sockets subscribed
 * to the topic once each, and nobody else; it stops after {@code unsubscribe} and with the
 * connection. Users: alice (phone and laptop), bob, carol; everyone may subscribe to
 * {@code orders} and {@code c1}. Each test receives the event {@code note} with a unique
 * {@code id} and checks "exactly once / nothing" after a {@linkplain ChatServer#barrier barrier}
 * on every socket.
 */
class TopicDeliveryTest {

    private final TopicGrants grants = new TopicGrants()
            .allow("alice", "orders", "c1")
            .allow("bob", "orders", "c1")
            .allow("carol", "orders", "c1");
    private ChatServer chat;
    private JavaClients clients;
    private Socket alicePhone;
    private Socket aliceLaptop;
    private Socket bob;
    private Socket carol;

    @BeforeEach
    void start() {
        chat = ChatServer.start(b -> b.topicAccess(grants.access()));
        clients = new JavaClients();
        alicePhone = chat.connect(clients, "alice");
        aliceLaptop = chat.connect(clients, "alice");
        bob = chat.connect(clients, "bob");
        carol = chat.connect(clients, "carol");
    }

    @AfterEach
    void stop() {
        clients.close();
        chat.close();
    }

    private Runnable toTopic(String topic, String id) {
        return () -> chat.server().emitter().toTopic(topic).emit("note", Map.of("id", id));
    }

    @Test
    void aTopicEventReachesEverySubscribedSocketOnceAndNobodyElse() {
        subscribeOk(alicePhone, "orders");
        subscribeOk(bob, "orders"); // alice's laptop and carol did not subscribe

        assertEquals(List.of(List.of("n1"), List.of(), List.of("n1"), List.of()),
                chat.deliver("note", toTopic("orders", "n1"), alicePhone, aliceLaptop, bob, carol),
                "alice's phone and bob once each; alice's laptop and carol nothing");
    }

    @Test
    void nothingMoreArrivesAfterUnsubscribe() {
        subscribeOk(alicePhone, "orders");
        subscribeOk(bob, "orders");
        assertEquals(List.of(List.of("before"), List.of("before")),
                chat.deliver("note", toTopic("orders", "before"), alicePhone, bob));

        unsubscribe(alicePhone, "orders");

        assertEquals(List.of(List.of(), List.of("after")),
                chat.deliver("note", toTopic("orders", "after"), alicePhone, bob),
                "an event of a topic arrived after unsubscribing from it");
    }

    @Test
    void aSubscriptionEndsWithTheConnection() throws Exception {
        subscribeOk(alicePhone, "orders");
        subscribeOk(bob, "orders");
        String before = alicePhone.id();

        CompletableFuture<Void> gone = new CompletableFuture<>();
        alicePhone.once(Socket.EVENT_DISCONNECT, args -> gone.complete(null));
        alicePhone.disconnect(); // on purpose: nothing of the session is kept
        gone.get(5, TimeUnit.SECONDS);
        JavaClients.awaitConnect(alicePhone);
        assertEquals(Set.of("user:alice"), chat.serverSocket(alicePhone).rooms(), "a new socket ("
                + before + " -> " + alicePhone.id() + ") with no subscription");

        assertEquals(List.of(List.of(), List.of("after-reconnect")),
                chat.deliver("note", toTopic("orders", "after-reconnect"), alicePhone, bob),
                "the reconnected socket got a topic event without subscribing again");
        subscribeOk(alicePhone, "orders");
        assertEquals(List.of(List.of("resubscribed"), List.of("resubscribed")),
                chat.deliver("note", toTopic("orders", "resubscribed"), alicePhone, bob));
    }

    @Test
    void aTopicAndAConversationOfTheSameNameAreDifferentRooms() {
        joinOk(alicePhone, "c1");
        joinOk(bob, "c1");
        subscribeOk(alicePhone, "c1");
        subscribeOk(carol, "c1");
        assertEquals(Set.of("user:alice", "conversation:c1", "topic:c1"), chat.serverSocket(alicePhone).rooms());

        assertEquals(List.of(List.of("topic"), List.of(), List.of("topic")),
                chat.deliver("note", toTopic("c1", "topic"), alicePhone, bob, carol), "the topic's subscribers only");
        assertEquals(List.of(List.of("conversation"), List.of("conversation"), List.of()),
                chat.deliver("note", () -> chat.server().emitter().toConversation("c1")
                        .emit("note", Map.of("id", "conversation")),
                        alicePhone, bob, carol), "the conversation's members only");
        assertEquals(List.of(List.of("both"), List.of("both"), List.of("both")),
                chat.deliver("note", () -> chat.server().emitter().toConversation("c1").toTopic("c1")
                        .emit("note", Map.of("id", "both")), alicePhone, bob, carol), "once, also in both rooms");
    }

    @Test
    void aUserRoomEmitDoesNotReachATopicOfThatName() {
        grants.allow("bob", "alice");
        subscribeOk(bob, "alice");
        assertEquals(Set.of("user:bob", "topic:alice"), chat.serverSocket(bob).rooms());

        assertEquals(List.of(List.of("private"), List.of()),
                chat.deliver("note", () -> chat.server().emitter().toUser("alice").emit("note", Map.of("id", "private")),
                        alicePhone, bob), "a topic named like a user is no way into the user's room");
    }
}
