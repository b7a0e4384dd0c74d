package dev.syncio.cluster;

import dev.syncio.conversation.PresenceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PresenceStoreContract} for presence in Redis, on a real redis-server, and what only a
 * cluster has: nodes that share counts, atomically, in the documented key layout.
 */
class RedisPresenceTest extends PresenceStoreContract {

    @RegisterExtension
    static final RedisPerClass redis = new RedisPerClass("presence-test-");

    @Override
    PresenceStore store() {
        return new RedisPresence(redis.client(), redis.prefix(), "node-a");
    }

    @Test
    void nodesShareCounts() {
        PresenceStore a = new RedisPresence(redis.client(), redis.prefix(), "node-a");
        PresenceStore b = new RedisPresence(redis.server().newClient(), redis.prefix(), "node-b");

        assertTrue(get(a.joined("/", "c1", "alice")), "first socket, on node a");
        assertFalse(get(b.joined("/", "c1", "alice")), "second socket, on node b: not the first cluster-wide");
        assertEquals(Set.of("alice"), get(b.online("/", "c1")));

        assertFalse(get(a.left("/", "c1", "alice")), "node b still has one");
        assertEquals(Set.of("alice"), get(a.online("/", "c1")));
        assertTrue(get(b.left("/", "c1", "alice")), "the last one cluster-wide");
        assertEquals(Set.of(), get(a.online("/", "c1")));
    }

    @Test
    void aNodeCannotTakeAwayAnotherNodesSockets() {
        PresenceStore a = new RedisPresence(redis.client(), redis.prefix(), "node-a");
        PresenceStore b = new RedisPresence(redis.client(), redis.prefix(), "node-b");
        assertTrue(get(a.joined("/", "c1", "alice")));

        assertFalse(get(b.left("/", "c1", "alice")), "node b never had a socket of alice");
        assertEquals(Set.of("alice"), get(a.online("/", "c1")));
    }

    @Test
    void countsStayExactUnderConcurrentJoinsAndLeavesFromTwoNodes() {
        List<PresenceStore> nodes = List.of(new RedisPresence(redis.client(), redis.prefix(), "node-a"),
                new RedisPresence(redis.server().newClient(), redis.prefix(), "node-b"));
        int each = 100;
        List<CompletableFuture<Boolean>> joins = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (PresenceStore node : nodes) {
                joins.add(node.joined("/", "busy", "alice").toCompletableFuture());
            }
        }
        assertEquals(1, joins.stream().filter(PresenceStoreContract::get).count(), "exactly one first socket");

        List<CompletableFuture<Boolean>> leaves = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (PresenceStore node : nodes) {
                leaves.add(node.left("/", "busy", "alice").toCompletableFuture());
            }
        }
        assertEquals(1, leaves.stream().filter(PresenceStoreContract::get).count(), "exactly one last socket");
        assertEquals(Set.of(), get(nodes.get(0).online("/", "busy")));
    }

    @Test
    void keysFollowTheDocumentedLayout() {
        ClusterKeys keys = new ClusterKeys(redis.prefix());
        PresenceStore a = new RedisPresence(redis.client(), redis.prefix(), "node-a");
        get(a.joined("/chat", "c:1", "alice"));
        get(a.joined("/chat", "c:1", "alice"));
        a.typing("/chat", "c:1", "alice", true);

        String presence = keys.presence("/chat", "c:1");
        assertEquals(redis.prefix() + ":presence:/chat:c%3A1", presence);
        Map<String, String> hash = redis.client().<String, String>getMap(presence, StringCodec.INSTANCE).readAllMap();
        assertEquals(Map.of("u:alice", "2", "n:node-a:alice", "2"), hash);
        assertEquals(Map.of(presence, "2"),
                redis.client().<String, String>getMap(keys.nodePresence("node-a"), StringCodec.INSTANCE).readAllMap());
        long day = PresenceScripts.ABANDONED_MILLIS;
        long ttl = redis.client().getMap(presence).remainTimeToLive();
        assertTrue(ttl > day - 60_000 && ttl <= day, "a presence hash expires a day after its last join: " + ttl);
        ttl = redis.client().getMap(keys.nodePresence("node-a")).remainTimeToLive();
        assertTrue(ttl > day - 60_000 && ttl <= day, "so does the node's index: " + ttl);
        Eventually.until("the typing entry is recorded", () -> redis.client().<String>getSet(keys.nodeTyping("node-a"),
                StringCodec.INSTANCE).contains("/chat|c%3A1|alice"));

        get(a.left("/chat", "c:1", "alice"));
        get(a.left("/chat", "c:1", "alice"));
        assertFalse(redis.client().getMap(presence).isExists(), "an empty conversation leaves no key");
        assertFalse(redis.client().getMap(keys.nodePresence("node-a")).isExists(), "nor an entry in the node's index");
    }
}
