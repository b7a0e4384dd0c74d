package dev.syncio.cluster;

import dev.syncio.conversation.NodeLossListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.syncio.cluster.PresenceStoreContract.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heartbeats and the cleanup after a node: a node that dies (its heartbeat stops, its entries stay)
 * is taken out of presence by exactly one of the others, which announces every user that went
 * offline or stopped typing with it, and no one else; a node that shuts down does the same for
 * itself at once. Node timeout 1.5 s, so that a death is noticed in about 2.5 s.
 */
class NodeLossTest {

    private static final Duration NODE_TIMEOUT = Duration.ofMillis(1_500);
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static LocalRedis redis;

    private final List<NodeHeartbeat> heartbeats = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private String prefix;
    private ClusterKeys keys;

    /** One node: its own client, presence, heartbeat, and what its listener heard. */
    private final class Node {
        final RedissonClient client = redis.newClient();
        final String id;
        final RedisPresence presence;
        final NodeHeartbeat heartbeat;
        final Heard heard = new Heard();

        Node(String id) {
            this.id = id;
            presence = new RedisPresence(client, prefix, id);
            heartbeat = new NodeHeartbeat(client, prefix, id, NODE_TIMEOUT, scheduler, heard);
            heartbeats.add(heartbeat);
            get(heartbeat.start());
        }
    }

    /** A listener that keeps every call, as "offline ns conv user" or "typing ns conv user". */
    private static final class Heard implements NodeLossListener {
        private final List<String> events = new ArrayList<>();

        @Override
        public synchronized void wentOffline(String namespace, String conversationId, String userId) {
            events.add("offline " + namespace + " " + conversationId + " " + userId);
        }

        @Override
        public synchronized void stoppedTyping(String namespace, String conversationId, String userId) {
            events.add("typing " + namespace + " " + conversationId + " " + userId);
        }

        synchronized List<String> events() {
            return List.copyOf(events);
        }
    }

    @BeforeAll
    static void startRedis() throws IOException {
        redis = LocalRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void setUp() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        prefix = "node-test-" + PREFIXES.incrementAndGet();
        keys = new ClusterKeys(prefix);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        heartbeats.forEach(NodeHeartbeat::halt);
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aDeadNodeIsCleanedUpOnceAndItsUsersAnnounced() {
        Node a = new Node("node-a");
        Node b = new Node("node-b");
        Node c = new Node("node-c");
        assertTrue(get(a.presence.joined("/", "c1", "alice")));
        assertTrue(get(a.presence.joined("/", "c1", "bob")));
        assertTrue(get(a.presence.joined("/chat", "c:2", "alice")));
        assertFalse(get(b.presence.joined("/", "c1", "bob")), "bob is also on node b");
        a.presence.typing("/", "c1", "alice", true);
        a.presence.typing("/", "c1", "bob", true);
        a.presence.typing("/", "c1", "bob", false);
        Eventually.until("alice's typing is recorded", () -> client(a).<String>getSet(keys.nodeTyping("node-a"),
                StringCodec.INSTANCE).contains(ClusterKeys.typingEntry("/", "c1", "alice")));

        a.heartbeat.halt(); // as if its process died: every entry stays in Redis

        Eventually.until("node a is cleaned up and leaves the registry", () -> !client(b)
                .<String>getSet(keys.nodes(), StringCodec.INSTANCE).contains("node-a"));
        List<String> heard = new ArrayList<>(b.heard.events());
        heard.addAll(c.heard.events());
        assertEquals(Set.of("offline / c1 alice", "offline /chat c:2 alice", "typing / c1 alice"), Set.copyOf(heard),
                "alice went offline in both conversations and stopped typing; bob is still on node b");
        assertEquals(3, heard.size(), "each announced once, by one node: " + heard);
        assertTrue(a.heard.events().isEmpty());

        assertEquals(Set.of("bob"), get(b.presence.online("/", "c1")));
        assertEquals(Set.of(), get(b.presence.online("/chat", "c:2")));
        assertFalse(get(a.presence.left("/", "c1", "alice")),
                "a socket of the dead node that leaves after all is not announced a second time");
        assertEquals(0, client(b).getKeys().countExists(keys.alive("node-a"), keys.nodePresence("node-a"),
                keys.nodeTyping("node-a")), "the dead node's keys are gone");
        assertTrue(client(b).getSet(keys.nodes(), StringCodec.INSTANCE).contains("node-b"), "the living stay registered");
    }

    @Test
    void aNodeThatShutsDownTakesItsOwnEntriesOut() {
        Node a = new Node("node-a");
        Node b = new Node("node-b");
        assertTrue(get(a.presence.joined("/", "c1", "alice")));
        assertTrue(get(a.presence.joined("/", "c1", "bob")));
        assertFalse(get(b.presence.joined("/", "c1", "bob")));
        a.presence.typing("/", "c1", "alice", true);
        Eventually.until("alice's typing is recorded", () -> client(a).<String>getSet(keys.nodeTyping("node-a"),
                StringCodec.INSTANCE).contains(ClusterKeys.typingEntry("/", "c1", "alice")));

        get(a.heartbeat.shutdown());

        assertEquals(List.of("offline / c1 alice", "typing / c1 alice"), a.heard.events(),
                "the node announces, through its own listener, what its going changes");
        assertEquals(Set.of("bob"), get(b.presence.online("/", "c1")));
        assertFalse(client(b).getSet(keys.nodes(), StringCodec.INSTANCE).contains("node-a"));
        assertEquals(0, client(b).getKeys().countExists(keys.alive("node-a"), keys.nodePresence("node-a"),
                keys.nodeTyping("node-a")));
        assertTrue(b.heard.events().isEmpty(), "nothing left for the other nodes to do");
    }

    @Test
    void theAliveKeyExpiresAfterTheNodeTimeout() {
        Node a = new Node("node-a");
        long ttl = client(a).getBucket(keys.alive("node-a")).remainTimeToLive();
        assertTrue(ttl > 0 && ttl <= NODE_TIMEOUT.toMillis(), "alive key TTL " + ttl + " ms");
        assertTrue(client(a).getSet(keys.nodes(), StringCodec.INSTANCE).contains("node-a"));
        long registry = client(a).getSet(keys.nodes()).remainTimeToLive();
        assertTrue(registry > PresenceScripts.ABANDONED_MILLIS - 60_000,
                "the registry expires a day after the last heartbeat of any node: " + registry);
    }

    @Test
    void nodeIdsAreRandomAndSafeInKeys() {
        String one = NodeHeartbeat.randomNodeId();
        String two = NodeHeartbeat.randomNodeId();
        assertFalse(one.equals(two));
        assertEquals(one, ClusterKeys.checkNodeId(one));
    }

    private static RedissonClient client(Node node) {
        return node.client;
    }
}
