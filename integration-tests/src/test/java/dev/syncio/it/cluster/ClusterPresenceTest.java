package dev.syncio.it.cluster;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.next;
import static dev.syncio.it.support.ChatServer.payload;
import static dev.syncio.it.support.ChatServer.record;
import static dev.syncio.it.support.ChatServer.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.SharedRedis;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence and typing across three nodes on one real redis-server: join acks and
 * {@code server.presence} count users on every node, a user is online while any of their sockets
 * on any node is in the room, and typing reaches the other members on other nodes, never the
 * typist's own devices.
 */
class ClusterPresenceTest {

    @RegisterExtension
    static final SharedRedis redis = new SharedRedis();

    private ClusterNodes nodes;
    private JavaClients clients;

    @BeforeEach
    void start() {
        nodes = ClusterNodes.start(redis.server(), 3, b -> b.typingTimeout(Duration.ofSeconds(30)));
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        nodes.close();
    }

    private ChatServer node(int index) {
        return nodes.node(index);
    }

    private static Set<String> online(JSONObject joinAck) {
        return new TreeSet<>(strings(joinAck.optJSONArray("online")));
    }

    /** The {@code presence} events recorded so far as {@code user:online}, after a barrier from {@code node}. */
    private List<String> presenceSoFar(int node, Socket socket, BlockingQueue<Object[]> queue) {
        ClusterBarrier.pass(node(node).server(), socket);
        List<String> seen = new ArrayList<>();
        for (Object[] args : queue) {
            JSONObject presence = payload(args);
            seen.add(presence.opt("userId") + ":" + presence.opt("online"));
        }
        queue.clear();
        return seen;
    }

    @Test
    void joinAckAndServerPresenceListUsersOnOtherNodes() {
        Socket alice = node(0).connect(clients, "alice");
        Socket bob = node(1).connect(clients, "bob");
        assertEquals(Set.of("alice"), online(joinOk(alice, "c1")));
        assertEquals(Set.of("alice", "bob"), online(joinOk(bob, "c1")));
        assertEquals(Set.of("alice", "bob"), node(2).server().presence("c1").toCompletableFuture().join(),
                "a node without sockets in c1 asks Redis");
        assertEquals(Set.of(), node(2).server().presence("c2").toCompletableFuture().join());
    }

    @Test
    void aUserIsOnlineWhileAnyOfTheirSocketsOnAnyNodeIsInTheRoom() {
        Socket alice = node(0).connect(clients, "alice");
        joinOk(alice, "c1");
        // in a cluster, the join ack may arrive before alice's own presence event (acks go
        // straight to the socket, room events through Redis): let that one pass first
        ClusterBarrier.pass(node(0).server(), alice);
        BlockingQueue<Object[]> aliceGets = record(alice, "presence");
        Socket bobPhone = node(1).connect(clients, "bob");
        Socket bobLaptop = node(2).connect(clients, "bob");

        joinOk(bobPhone, "c1");
        assertEquals(List.of("bob:true"), presenceSoFar(1, alice, aliceGets), "bob's first socket, on node B");
        joinOk(bobLaptop, "c1");
        assertEquals(List.of(), presenceSoFar(2, alice, aliceGets), "bob's second socket, on node C: still online");

        assertEquals(true, call(bobPhone, "leave_conversation", Map.of("conversationId", "c1")).opt("ok"));
        assertEquals(List.of(), presenceSoFar(1, alice, aliceGets), "bob's laptop is still in c1");

        bobLaptop.disconnect();
        JSONObject offline = next(aliceGets);
        assertEquals("bob", offline.opt("userId"));
        assertEquals(false, offline.opt("online"));
        assertEquals(Set.of("alice"), node(0).server().presence("c1").toCompletableFuture().join());
    }

    @Test
    void typingReachesOtherMembersOnOtherNodesButNotTheTypistsDevices() {
        Socket alice = node(0).connect(clients, "alice");
        Socket aliceTablet = node(1).connect(clients, "alice");
        Socket bob = node(1).connect(clients, "bob");
        Socket carol = node(2).connect(clients, "carol");
        for (Socket socket : List.of(alice, aliceTablet, bob, carol)) {
            joinOk(socket, "c1");
        }
        BlockingQueue<Object[]> tabletGets = record(aliceTablet, "typing");
        BlockingQueue<Object[]> bobGets = record(bob, "typing");
        BlockingQueue<Object[]> carolGets = record(carol, "typing");

        assertEquals(true, call(alice, "typing_start", Map.of("conversationId", "c1")).opt("ok"));
        ClusterBarrier.pass(node(0).server(), aliceTablet, bob, carol);
        assertEquals(1, bobGets.size(), "bob on node B");
        assertEquals(1, carolGets.size(), "carol on node C");
        assertEquals(0, tabletGets.size(), "alice's own tablet on node B");
        JSONObject typing = next(bobGets);
        assertEquals("alice", typing.opt("userId"));
        assertEquals(true, typing.opt("typing"));
        carolGets.clear();

        // the typist disconnects: typing ends for the others, on their nodes
        alice.disconnect();
        JSONObject stopped = next(carolGets);
        assertEquals("alice", stopped.opt("userId"));
        assertEquals(false, stopped.opt("typing"));
    }

    @Test
    void revokingOnOneNodeTakesTheUserOutOnEveryNode() {
        Socket alice = node(0).connect(clients, "alice");
        Socket bobPhone = node(1).connect(clients, "bob");
        Socket bobLaptop = node(2).connect(clients, "bob");
        for (Socket socket : List.of(alice, bobPhone, bobLaptop)) {
            joinOk(socket, "c1");
        }
        for (int i = 0; i < 3; i++) {
            ClusterBarrier.pass(node(i).server(), alice); // the joins' presence events have passed
        }
        BlockingQueue<Object[]> aliceGets = record(alice, "presence");
        BlockingQueue<Object[]> phoneNotes = record(bobPhone, "note");
        BlockingQueue<Object[]> laptopNotes = record(bobLaptop, "note");

        assertEquals(0, node(0).server().removeFromConversation("bob", "c1"), "no socket of bob on node A");
        JSONObject offline = next(aliceGets);
        assertEquals("bob", offline.opt("userId"));
        assertEquals(false, offline.opt("online"), "bob left c1 on nodes B and C");
        assertEquals(Set.of("alice"), node(2).server().presence("c1").toCompletableFuture().join());

        node(1).server().emitter().toConversation("c1").emit("note", Map.of("id", "after-revoke"));
        ClusterBarrier.pass(node(1).server(), alice, bobPhone, bobLaptop);
        assertEquals(0, phoneNotes.size(), "bob's phone no longer gets c1's events");
        assertEquals(0, laptopNotes.size(), "bob's laptop no longer gets c1's events");
        assertEquals(List.of(), presenceSoFar(1, alice, aliceGets), "offline announced once");
    }
}
