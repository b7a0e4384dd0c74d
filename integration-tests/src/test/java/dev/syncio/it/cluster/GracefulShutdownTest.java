package dev.syncio.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.CuttableProxy;
import dev.syncio.it.support.EventArgs;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RecoveringClient;
import dev.syncio.it.support.RedisServer;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node shuts down (rolling deploy) while its client has an event in flight: the event's ack
 * still reaches the client, the client is disconnected with a transport close, reconnects
 * through the load balancer to the other node and recovers there, with the events emitted
 * meanwhile, exactly once. Nothing accepted is lost.
 */
class GracefulShutdownTest {

    private RedisServer redis;
    private ClusterNodes cluster;
    private CuttableProxy balancer;
    private JavaClients clients;

    @BeforeEach
    void start() throws IOException {
        redis = RedisServer.start();
        cluster = ClusterNodes.start(redis, 2, b -> b.shutdownGracePeriod(Duration.ofSeconds(20)));
        balancer = CuttableProxy.to(cluster.node(0).server().port());
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        balancer.close();
        cluster.close();
        redis.close();
    }

    @Test
    void aNodeThatShutsDownFinishesWhatItAcceptedAndItsClientsRecoverOnTheOtherNode() throws Exception {
        ChatServer leaving = cluster.node(0);
        ChatServer staying = cluster.node(1);
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        leaving.server().on("slow", ctx -> {
            handling.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ctx.reply(Map.of("done", true));
        });

        RecoveringClient recovery = new RecoveringClient(clients.options(b -> b.setTransports(new String[] {"websocket"})
                .setReconnection(true).setReconnectionDelay(50).setReconnectionDelayMax(200)
                .setAuth(Map.of("token", ChatServer.token("alice")))));
        Socket alice = clients.track(recovery.socket(URI.create(balancer.url())));
        BlockingQueue<JSONObject> notes = new LinkedBlockingQueue<>();
        alice.on("note", args -> notes.add(EventArgs.payload(args)));
        JavaClients.awaitConnect(alice);
        ChatServer.joinOk(alice, "c1");
        staying.server().emitter().toConversation("c1").emit("note", Map.of("id", "before"));
        assertEquals("before", notes.poll(ChatServer.WAIT_SECONDS, TimeUnit.SECONDS).getString("id"));
        String sid = alice.id();

        CompletableFuture<Object> ack = new CompletableFuture<>();
        alice.emit("slow", new JSONObject(), (Ack) args -> ack.complete(args.length > 0 ? args[0] : null));
        assertTrue(handling.await(ChatServer.WAIT_SECONDS, TimeUnit.SECONDS), "the slow event is being handled");

        balancer.retarget(staying.server().port()); // out of rotation: reconnections reach the other node
        CompletableFuture<Void> closed = CompletableFuture.runAsync(leaving::close);
        Awaitility.await("the leaving node refuses new connections").atMost(Duration.ofSeconds(10))
                .until(() -> refusesConnections(leaving.server().port()));
        List<String> emitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            staying.server().emitter().toConversation("c1").emit("note", Map.of("id", "during-" + i));
            emitted.add("during-" + i);
        }
        CompletableFuture<Boolean> back = new CompletableFuture<>();
        alice.once(Socket.EVENT_CONNECT, args -> back.complete(recovery.recovered()));
        release.countDown();

        assertEquals(true, ((JSONObject) ack.get(10, TimeUnit.SECONDS)).get("done"),
                "the event accepted before the shutdown was answered");
        closed.get(30, TimeUnit.SECONDS);
        assertTrue(back.get(15, TimeUnit.SECONDS), "reconnected to the other node and recovered");
        assertEquals(sid, alice.id(), "the same socket id on the other node");
        List<String> got = new ArrayList<>();
        while (got.size() < emitted.size()) {
            JSONObject note = notes.poll(ChatServer.WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(note != null, "missing events after " + got);
            got.add(note.getString("id"));
        }
        assertEquals(emitted, got, "every event of the move, once and in order");
        staying.server().emitter().toConversation("c1").emit("note", Map.of("id", "after"));
        assertEquals("after", notes.poll(ChatServer.WAIT_SECONDS, TimeUnit.SECONDS).getString("id"));
        assertTrue(notes.isEmpty(), "nothing twice: " + notes);
    }

    private static boolean refusesConnections(int port) {
        try (java.net.Socket probe = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
