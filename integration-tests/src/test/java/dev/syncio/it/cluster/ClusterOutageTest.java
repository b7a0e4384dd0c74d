package dev.syncio.it.cluster;

import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.payload;
import static dev.syncio.it.support.ChatServer.record;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RedisServer;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * redis-server stops in the middle of a test and comes back (empty) on the same port: meanwhile
 * each node keeps serving its own sockets and says so in {@code stats()}; afterwards delivery
 * across nodes resumes without restarting anything.
 */
class ClusterOutageTest {

    private RedisServer redis;
    private ClusterNodes nodes;
    private ChatServer nodeA;
    private ChatServer nodeB;
    private JavaClients clients;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        nodes = ClusterNodes.start(redis, 2, b -> { });
        nodeA = nodes.node(0);
        nodeB = nodes.node(1);
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        nodes.close();
        redis.close();
    }

    @Test
    void whileRedisIsDownEachNodeServesItsOwnSocketsThenDeliveryAcrossNodesResumes() throws Exception {
        Socket alice = nodeA.connect(clients, "alice");
        Socket bob = nodeB.connect(clients, "bob");
        joinOk(alice, "c1");
        joinOk(bob, "c1");
        BlockingQueue<Object[]> aliceNotes = record(alice, "note");
        BlockingQueue<Object[]> bobNotes = record(bob, "note");
        assertTrue(nodeA.server().stats().clusterConnected());

        redis.stop();
        nodeA.server().emitter().toConversation("c1").emit("note", Map.of("id", "during-outage"));
        Object[] local = aliceNotes.poll(60, TimeUnit.SECONDS);
        assertTrue(local != null, "alice, on the emitting node, got the event while Redis was down");
        assertEquals("during-outage", payload(local).opt("id"));
        assertFalse(nodeA.server().stats().clusterConnected(), "stats() reports the outage");

        redis.restart();
        // the nodes reconnect on their own; probe until one crosses, then everything crosses again
        AtomicInteger probes = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            nodeA.server().emitter().toConversation("c1").emit("note", Map.of("id", "probe-" + probes.incrementAndGet()));
            return !bobNotes.isEmpty();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeA.server().stats().clusterConnected()
                && nodeB.server().stats().clusterConnected());
        nodeB.server().emitter().toConversation("c1").emit("note", Map.of("id", "after"));
        ClusterBarrier.pass(nodeB.server(), alice, bob);
        List<String> bobGot = new ArrayList<>();
        for (Object[] args : bobNotes) {
            bobGot.add(payload(args).optString("id"));
        }
        assertFalse(bobGot.contains("during-outage"), "an event of the outage is not replayed later: " + bobGot);
        assertTrue(bobGot.contains("after"), "bob (node B) gets events again: " + bobGot);
        List<String> aliceGot = new ArrayList<>();
        for (Object[] args : aliceNotes) {
            aliceGot.add(payload(args).optString("id"));
        }
        assertEquals(1, aliceGot.stream().filter("after"::equals).count(), "alice (node A) gets node B's event once: "
                + aliceGot);
    }
}
