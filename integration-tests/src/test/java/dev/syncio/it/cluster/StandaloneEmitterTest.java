package dev.syncio.it.cluster;

import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.payload;
import static dev.syncio.it.support.ChatServer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.SyncEmitter;
import dev.syncio.event.ChatMessage;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RedisServer;
import io.socket.client.Socket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * A process with no sockets (a worker) emits through Redis with {@code SyncEmitter.redis}: its
 * events reach conversations, users and everyone on every node, once, typed helpers included.
 */
class StandaloneEmitterTest {

    private RedisServer redis;
    private ChatServer nodeA;
    private ChatServer nodeB;
    private RedissonClient workerRedis;
    private JavaClients clients;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        nodeA = ChatServer.start(b -> b.redis(redis.url()).clusterPrefix("app"));
        nodeB = ChatServer.start(b -> b.redis(redis.url()).clusterPrefix("app"));
        Config config = new Config();
        config.useSingleServer().setAddress(redis.url());
        workerRedis = Redisson.create(config);
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        workerRedis.shutdown();
        nodeA.close();
        nodeB.close();
        redis.close();
    }

    @Test
    void aWorkerReachesConversationsUsersAndEveryoneOnEveryNodeOnce() {
        Socket alice = nodeA.connect(clients, "alice");
        Socket bob = nodeB.connect(clients, "bob");
        Socket carol = nodeB.connect(clients, "carol");
        joinOk(alice, "c2");
        joinOk(bob, "c2");
        BlockingQueue<Object[]> aliceNews = record(alice, "message:new");
        BlockingQueue<Object[]> bobNews = record(bob, "message:new");
        BlockingQueue<Object[]> carolNews = record(carol, "message:new");
        BlockingQueue<Object[]> aliceNotes = record(alice, "note");
        BlockingQueue<Object[]> bobNotes = record(bob, "note");
        BlockingQueue<Object[]> carolNotes = record(carol, "note");

        SyncEmitter worker = SyncEmitter.redis(workerRedis, "app");
        worker.messageNew(new ChatMessage("m1", "c2", "system", "nightly report ready", Instant.now(), null));
        worker.toUser("carol").emit("note", Map.of("id", "to-carol"));
        worker.toAll().emit("note", Map.of("id", "to-all"));
        ClusterBarrier.pass(worker, alice, bob, carol);

        assertEquals(1, aliceNews.size(), "alice (node A, in c2)");
        assertEquals(1, bobNews.size(), "bob (node B, in c2)");
        assertEquals(0, carolNews.size(), "carol is not in c2");
        JSONObject news = payload(aliceNews.peek());
        assertEquals("nightly report ready", news.optJSONObject("message").opt("text"));
        assertEquals(List.of("to-all"), ids(aliceNotes));
        assertEquals(List.of("to-all"), ids(bobNotes));
        assertEquals(List.of("to-carol", "to-all"), ids(carolNotes), "in the order the worker emitted them");
    }

    private static List<String> ids(BlockingQueue<Object[]> queue) {
        return queue.stream().map(args -> payload(args).optString("id")).toList();
    }
}
