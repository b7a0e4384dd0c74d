package dev.syncio.it.topic;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.error;
import static dev.syncio.it.support.ChatServer.errorCode;
import static dev.syncio.it.support.ChatServer.keys;
import static dev.syncio.it.support.TopicGrants.subscribe;
import static dev.syncio.it.support.TopicGrants.subscribeOk;
import static dev.syncio.it.support.TopicGrants.unsubscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.TopicGrants;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code subscribe} / {@code unsubscribe} with the Java client: the acks, the host's policy
 * (nothing allowed by default), invalid payloads and the per-socket maximum. alice may subscribe
 * to {@code orders}, {@code prices} and {@code jobs:42:log}; bob to {@code orders}.
 */
class TopicSubscribeTest {

    private final TopicGrants grants = new TopicGrants()
            .allow("alice", "orders", "prices", "jobs:42:log")
            .allow("bob", "orders");
    private ChatServer chat;
    private JavaClients clients;

    @BeforeEach
    void start() {
        chat = ChatServer.start(b -> b.topicAccess(grants.access()));
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        chat.close();
    }

    @Test
    void anAllowedSubscribeIsAckedWithTheTopicAndJoinsItsRoom() {
        Socket alice = chat.connect(clients, "alice");

        JSONObject ack = subscribe(alice, "orders");
        assertEquals(Set.of("ok", "topic"), keys(ack), ack::toString);
        assertEquals(true, ack.opt("ok"));
        assertEquals("orders", ack.opt("topic"));
        assertEquals("jobs:42:log", subscribeOk(alice, "jobs:42:log").opt("topic"));
        assertEquals(Set.of("user:alice", "topic:orders", "topic:jobs:42:log"), chat.serverSocket(alice).rooms());
    }

    @Test
    void subscribingTwiceIsHarmlessAndAckedAgain() {
        Socket alice = chat.connect(clients, "alice");
        subscribeOk(alice, "orders");
        JSONObject again = subscribe(alice, "orders");
        assertEquals(true, again.opt("ok"), again::toString);
        assertEquals("orders", again.opt("topic"));
        assertEquals(Set.of("user:alice", "topic:orders"), chat.serverSocket(alice).rooms());
    }

    @Test
    void aTopicThePolicyDoesNotAllowIsForbiddenLikeAnUnknownOne() {
        Socket bob = chat.connect(clients, "bob");

        JSONObject notAllowed = subscribe(bob, "prices");
        JSONObject unknown = subscribe(bob, "no-such-topic");
        assertEquals(Set.of("ok", "error"), keys(notAllowed), notAllowed::toString);
        assertEquals("forbidden", errorCode(notAllowed));
        assertEquals("forbidden", errorCode(unknown));
        assertFalse(error(notAllowed).optString("message").isBlank(), "the error has a message");
        assertEquals(error(notAllowed).optString("message"), error(unknown).optString("message"),
                "unknown and not-allowed topics must look the same to a client");
        assertEquals(Set.of("user:bob"), chat.serverSocket(bob).rooms());
        assertTrue(bob.connected(), "a refusal never costs the connection");
    }

    @Test
    void aServerWithoutATopicPolicyRefusesEverySubscription() {
        try (ChatServer plain = ChatServer.start()) {
            Socket alice = plain.connect(clients, "alice");
            for (String topic : List.of("orders", "prices", "anything")) {
                assertEquals("forbidden", errorCode(subscribe(alice, topic)), topic);
            }
            assertEquals(Set.of("user:alice"), plain.serverSocket(alice).rooms());
        }
    }

    @Test
    void theGrantIsAskedAtEachSubscribe() {
        Socket bob = chat.connect(clients, "bob");
        grants.revoke("bob", "orders");
        assertEquals("forbidden", errorCode(subscribe(bob, "orders")));
        grants.allow("bob", "orders");
        subscribeOk(bob, "orders");
    }

    @Test
    void unsubscribeIsAckedWithTheTopicAndLeavesItsRoom() {
        Socket alice = chat.connect(clients, "alice");
        subscribeOk(alice, "orders");
        subscribeOk(alice, "prices");

        JSONObject ack = unsubscribe(alice, "orders");
        assertEquals(Set.of("ok", "topic"), keys(ack), ack::toString);
        assertEquals(true, ack.opt("ok"));
        assertEquals("orders", ack.opt("topic"));
        assertEquals(Set.of("user:alice", "topic:prices"), chat.serverSocket(alice).rooms());
    }

    @Test
    void unsubscribingATopicNotSubscribedIsAckedOk() {
        Socket bob = chat.connect(clients, "bob");
        for (String topic : List.of("orders", "prices", "no-such-topic")) {
            JSONObject ack = unsubscribe(bob, topic);
            assertEquals(true, ack.opt("ok"), ack::toString);
            assertEquals(topic, ack.opt("topic"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"subscribe", "unsubscribe"})
    void invalidPayloadsAreRefusedNamingTopic(String event) {
        Socket alice = chat.connect(clients, "alice");

        List<JSONObject> acks = new ArrayList<>(ChatServer.invalidPayloadAcks(alice, event, "topic"));
        acks.add(call(alice, event, Map.of("topic", List.of("orders"))));
        acks.add(call(alice, event, Map.of("topic", "   ")));
        acks.add(call(alice, event, Map.of("topic", "t".repeat(201))));
        for (JSONObject ack : acks) {
            assertEquals("invalid_payload", errorCode(ack), ack::toString);
            assertTrue(error(ack).optString("message").contains("topic"), () -> "the message names the field: " + ack);
        }
        assertEquals(Set.of("user:alice"), chat.serverSocket(alice).rooms());
        assertTrue(alice.connected(), "a bad payload never costs the connection");
    }

    @Test
    void aTopicNameOf200CharactersIsAccepted() {
        String longest = "t".repeat(200);
        grants.allow("alice", longest, "t".repeat(201));
        Socket alice = chat.connect(clients, "alice");

        assertEquals(longest, subscribeOk(alice, longest).opt("topic"));
        assertEquals("invalid_payload", errorCode(subscribe(alice, "t".repeat(201))),
                "201 characters are too many even when the policy would allow them");
    }

    @Test
    void aSocketCannotSubscribeToMoreTopicsThanTheConfiguredMaximum() {
        chat.close();
        chat = ChatServer.start(b -> b.topicAccess(grants.access()).maxTopicsPerSocket(2));
        Socket alice = chat.connect(clients, "alice");
        Socket aliceLaptop = chat.connect(clients, "alice");
        subscribeOk(alice, "orders");
        subscribeOk(alice, "prices");

        JSONObject third = subscribe(alice, "jobs:42:log");
        assertEquals("forbidden", errorCode(third));
        assertEquals(Set.of("user:alice", "topic:orders", "topic:prices"), chat.serverSocket(alice).rooms());
        subscribeOk(aliceLaptop, "jobs:42:log"); // the limit is per socket, not per user

        unsubscribe(alice, "orders");
        subscribeOk(alice, "jobs:42:log");
        assertEquals(Set.of("user:alice", "topic:prices", "topic:jobs:42:log"), chat.serverSocket(alice).rooms());
    }

    @Test
    void aNonPositiveMaximumIsRefusedAtBuildTime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyncServer.builder().maxTopicsPerSocket(0));
        assertTrue(e.getMessage().contains("maxTopicsPerSocket"), e::getMessage);
    }
}
