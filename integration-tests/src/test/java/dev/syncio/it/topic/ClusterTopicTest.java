package dev.syncio.it.topic;

import static dev.syncio.it.support.TopicGrants.subscribeOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncEmitter;
import dev.syncio.SyncServer;
import dev.syncio.event.ChangeAction;
import dev.syncio.it.cluster.ClusterBarrier;
import dev.syncio.it.cluster.ClusterNodes;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RawSioClient;
import dev.syncio.it.support.SharedRedis;
import dev.syncio.it.support.TopicChanges;
import dev.syncio.it.support.TopicGrants;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Topics on two nodes over one real redis-server: a change emitted on either node, by a standalone
 * emitter that holds no sockets, or coalesced into a batch on one node, reaches the subscribers on
 * both nodes exactly once; a client that lost its connection recovers on the other node its
 * subscriptions as they were (an unsubscribed topic stays so) and every change it missed, the
 * worker's included, also those emitted while the recovery waits for the policy. alice is on node
 * A, bob on node B, both subscribed; carol (node B) may subscribe but did not.
 */
class ClusterTopicTest {

    @RegisterExtension
    static final SharedRedis redis = new SharedRedis();

    private final TopicGrants grants = new TopicGrants()
            .allow("alice", "orders")
            .allow("bob", "orders")
            .allow("carol", "orders");
    private ClusterNodes nodes;
    private JavaClients clients;
    private RedissonClient workerRedis;

    @BeforeEach
    void start() {
        nodes = ClusterNodes.start(redis.server(), 2, b -> b.topicAccess(grants.access()));
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        if (workerRedis != null) {
            workerRedis.shutdown();
        }
        nodes.close();
    }

    /** A standalone emitter of this cluster: a process with no sockets, talking to Redis only. */
    private SyncEmitter worker() {
        Config config = new Config();
        config.useSingleServer().setAddress(redis.server().url());
        workerRedis = Redisson.create(config);
        return SyncEmitter.redis(workerRedis, nodes.prefix());
    }

    private SyncServer node(int index) {
        return nodes.node(index).server();
    }

    /** alice (node A) and bob (node B) subscribed to a topic, carol (node B) not, and what each receives. */
    private final class Watchers {

        private final Socket[] sockets;
        private final List<BlockingQueue<TopicChanges.Received>> queues = new ArrayList<>();

        Watchers() {
            this("orders");
        }

        Watchers(String topic) {
            Socket alice = nodes.node(0).connect(clients, "alice");
            Socket bob = nodes.node(1).connect(clients, "bob");
            Socket carol = nodes.node(1).connect(clients, "carol");
            subscribeOk(alice, topic);
            subscribeOk(bob, topic);
            sockets = new Socket[] {alice, bob, carol};
            for (Socket socket : sockets) {
                queues.add(TopicChanges.record(socket));
            }
        }

        /** The versions each received (alice, bob, carol), after a barrier through the bus from {@code barrierFrom}. */
        List<List<Long>> received(SyncEmitter barrierFrom) {
            ClusterBarrier.pass(barrierFrom, sockets);
            List<List<Long>> versions = new ArrayList<>();
            queues.forEach(queue -> versions.add(TopicChanges.drainVersions(queue)));
            return versions;
        }
    }

    @Test
    void aChangeEmittedOnEitherNodeReachesTheSubscribersOnBothOnce() {
        Watchers watchers = new Watchers();

        TopicChanges.emit(node(0).emitter(), "orders", "live", 1, 1);
        assertEquals(List.of(List.of(1L), List.of(1L), List.of()), watchers.received(node(0).emitter()),
                "from node A: alice (A) and bob (B) once each, carol nothing");
        TopicChanges.emit(node(1).emitter(), "orders", "live", 2, 1);
        assertEquals(List.of(List.of(2L), List.of(2L), List.of()), watchers.received(node(1).emitter()),
                "from node B");
    }

    @Test
    void aStandaloneEmittersChangeReachesTheSubscribersOnBothNodesOnce() {
        Watchers watchers = new Watchers();
        SyncEmitter worker = worker();
        TopicChanges.emit(worker, "orders", "from-worker", 1, 3);
        assertEquals(List.of(List.of(1L, 2L, 3L), List.of(1L, 2L, 3L), List.of()),
                watchers.received(worker), "in the order the worker emitted them, once");
        assertTrue(assertThrows(IllegalStateException.class,
                () -> worker.changed("order", ChangeAction.UPDATED, "o-1", Map.of(), 1)).getMessage()
                .contains("toTopic"), "the standalone emitter needs a topic too");
    }

    @Test
    void aBatchCoalescedOnOneNodeReachesTheSubscribersOnBothOnce() {
        nodes.close();
        nodes = ClusterNodes.start(redis.server(), 2, b -> b.topicAccess(grants.access())
                .coalesceTopics("logs:", Duration.ofMillis(200)));
        grants.allow("alice", "logs:job-1").allow("bob", "logs:job-1");
        Watchers watchers = new Watchers("logs:job-1");

        TopicChanges.emit(node(0).emitter(), "logs:job-1", "burst", 1, 20);
        Awaitility.await("20 changes at alice and bob").atMost(RawSioClient.WAIT)
                .until(() -> watchers.queues.get(0).size() >= 20 && watchers.queues.get(1).size() >= 20);
        // one more batch from the same node: whatever the first ones brought twice would come before it
        TopicChanges.emit(node(0).emitter(), "logs:job-1", "marker", 21, 1);
        Awaitility.await("the marker at alice and bob").atMost(RawSioClient.WAIT)
                .until(() -> watchers.queues.get(0).size() >= 21 && watchers.queues.get(1).size() >= 21);
        assertTrue(watchers.queues.stream().flatMap(BlockingQueue::stream).allMatch(r -> r.event().equals("topic:batch")),
                "in batches only");
        assertEquals(List.of(TopicChanges.versions(1, 21), TopicChanges.versions(1, 21), List.of()),
                watchers.received(node(0).emitter()), "alice (A) and bob (B) each change once, carol nothing");
    }

    @Test
    void aClientRecoversItsSubscriptionAndTheChangesItMissedOnTheOtherNode() {
        grants.allow("alice", "prices");
        String token = ChatServer.token("alice");
        String pid;
        String sid;
        String offset;
        try (RawSioClient alice = RawSioClient.connect(node(0).port(), Map.of("token", token))) {
            TopicGrants.subscribeOk(alice, "orders");
            TopicGrants.subscribeOk(alice, "prices");
            alice.call("unsubscribe", Map.of("topic", "prices")); // the saved session must forget it
            TopicChanges.emit(node(1).emitter(), "orders", "before", 1, 1);
            offset = alice.nextEvent("resource:changed").offset();
            pid = alice.reply().pid();
            sid = alice.reply().sid();
        }
        Awaitility.await("node A saw the drop").atMost(RawSioClient.WAIT)
                .until(() -> node(0).stats().connectedSockets() == 0);
        TopicChanges.emit(node(0).emitter(), "orders", "away", 2, 10);
        TopicChanges.emit(node(0).emitter(), "prices", "away", 100, 1);
        TopicChanges.emit(worker(), "orders", "away-from-worker", 12, 2);

        try (RawSioClient again = RawSioClient.connect(node(1).port(),
                Map.of("token", token, "pid", pid, "offset", offset))) {
            assertEquals(sid, again.reply().sid(), "recovered on node B: the same socket id");
            List<Long> missed = versions(again, 12);
            // node A and the worker publish independently: each one's changes in its order
            assertEquals(TopicChanges.versions(2, 10), missed.stream().filter(v -> v < 12).toList(), "node A's: " + missed);
            assertEquals(List.of(12L, 13L), missed.stream().filter(v -> v >= 12).toList(), "the worker's: " + missed);
            TopicChanges.emit(node(0).emitter(), "orders", "live", 14, 1);
            TopicChanges.emit(node(0).emitter(), "prices", "live", 101, 1);
            TopicChanges.emit(node(0).emitter(), "orders", "live", 15, 1);
            assertEquals(List.of(14L, 15L), versions(again, 2),
                    "then live ones without subscribing again; nothing twice, nothing of prices (unsubscribed)");
        }
    }

    @Test
    void changesEmittedOnBothNodesWhileTheRecoveryWaitsForThePolicyArriveOnceAfterTheMissedOnes() throws Exception {
        AtomicReference<CompletableFuture<Void>> gate = new AtomicReference<>(CompletableFuture.completedFuture(null));
        BlockingQueue<String> asked = new LinkedBlockingQueue<>();
        nodes.close();
        nodes = ClusterNodes.start(redis.server(), 2, b -> b.topicAccess((principal, topic) -> {
            asked.add(topic);
            return gate.get().thenApply(open -> true); // a policy that answers when the test lets it
        }));
        String token = ChatServer.token("alice");
        RawSioClient.Reply first;
        String offset;
        try (RawSioClient alice = RawSioClient.connect(node(0).port(), Map.of("token", token))) {
            TopicGrants.subscribeOk(alice, "orders");
            TopicChanges.emit(node(0).emitter(), "orders", "before", 1, 1);
            offset = alice.nextEvent("resource:changed").offset();
            first = alice.reply();
        }
        Awaitility.await("node A saw the drop").atMost(RawSioClient.WAIT)
                .until(() -> node(0).stats().connectedSockets() == 0);
        TopicChanges.emit(node(0).emitter(), "orders", "away", 2, 5);
        asked.clear();
        CompletableFuture<Void> held = new CompletableFuture<>();
        gate.set(held);

        CompletableFuture<RawSioClient> back = CompletableFuture.supplyAsync(() -> RawSioClient.connect(node(1).port(),
                Map.of("token", token, "pid", first.pid(), "offset", offset)));
        try {
            assertEquals("orders", asked.poll(15, TimeUnit.SECONDS), "node B asks the policy about orders again");
            TopicChanges.emit(node(0).emitter(), "orders", "during-the-check", 7, 1);
            TopicChanges.emit(node(1).emitter(), "orders", "during-the-check", 8, 1);
            held.complete(null);
            RawSioClient again = back.get(15, TimeUnit.SECONDS);
            assertEquals(first.sid(), again.reply().sid(), "recovered on node B");
            List<Long> got = versions(again, 7);
            assertEquals(TopicChanges.versions(2, 5), got.subList(0, 5), "the missed changes first, in order: " + got);
            assertEquals(Set.of(7L, 8L), Set.copyOf(got.subList(5, 7)), "then those emitted during the check: " + got);
            TopicChanges.emit(node(0).emitter(), "orders", "live", 9, 1);
            assertEquals(List.of(9L), versions(again, 1), "nothing twice");
        } finally {
            held.complete(null);
            back.thenAccept(RawSioClient::close);
        }
    }

    /** The versions of the next {@code count} {@code resource:changed} events. */
    private static List<Long> versions(RawSioClient client, int count) {
        List<Long> versions = new ArrayList<>();
        client.readEvents("resource:changed", event -> {
            versions.add(event.payload().path("version").asLong());
            return versions.size() == count;
        });
        return versions;
    }
}
