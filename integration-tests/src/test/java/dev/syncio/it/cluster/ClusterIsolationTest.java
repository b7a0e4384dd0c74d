package dev.syncio.it.cluster;

import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RedisServer;
import io.socket.client.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two applications share one Redis under different key prefixes and never see each other. */
class ClusterIsolationTest {

    private RedisServer redis;
    private ChatServer shop;
    private ChatServer shopSecondNode;
    private ChatServer crm;
    private JavaClients clients;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        shop = ChatServer.start(b -> b.redis(redis.url()).clusterPrefix("shop"));
        shopSecondNode = ChatServer.start(b -> b.redis(redis.url()).clusterPrefix("shop"));
        crm = ChatServer.start(b -> b.redis(redis.url()).clusterPrefix("crm"));
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        shop.close();
        shopSecondNode.close();
        crm.close();
        redis.close();
    }

    @Test
    void eventsAndPresenceStayWithinTheirPrefix() {
        Socket shopAlice = shopSecondNode.connect(clients, "alice");
        Socket crmAlice = crm.connect(clients, "alice");
        joinOk(shopAlice, "c1");
        joinOk(crmAlice, "c1");
        BlockingQueue<Object[]> shopGets = record(shopAlice, "note");
        BlockingQueue<Object[]> crmGets = record(crmAlice, "note");

        shop.server().emitter().toAll().emit("note", Map.of("id", "shop"));
        crm.server().emitter().toUser("alice").emit("note", Map.of("id", "crm"));
        ClusterBarrier.pass(shop.server(), shopAlice);
        ClusterBarrier.pass(crm.server(), crmAlice);
        // each barrier also went to the other application's stream if prefixes leaked
        ClusterBarrier.pass(shop.server(), shopAlice);
        assertEquals(1, shopGets.size(), "the shop's client got the shop's event only");
        assertEquals(1, crmGets.size(), "the crm's client got the crm's event only");
        assertEquals("shop", ChatServer.next(shopGets).opt("id"));
        assertEquals("crm", ChatServer.next(crmGets).opt("id"));

        Socket shopBob = shop.connect(clients, "bob");
        joinOk(shopBob, "c1");
        assertEquals(Set.of("alice", "bob"), shop.server().presence("c1").toCompletableFuture().join());
        assertEquals(Set.of("alice"), crm.server().presence("c1").toCompletableFuture().join());
    }
}
