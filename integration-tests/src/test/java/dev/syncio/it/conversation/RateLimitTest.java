package dev.syncio.it.conversation;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.error;
import static dev.syncio.it.support.ChatServer.errorCode;
import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.record;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.RateLimit;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import dev.syncio.SyncServer;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-socket token buckets: refusals with {@code rate_limited}, never a disconnect, and recovery. */
class RateLimitTest {

    private ChatServer chat;
    private JavaClients clients;

    @BeforeEach
    void setUp() {
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        if (chat != null) {
            chat.close();
        }
    }

    private void start(Consumer<SyncServer.Builder> customise) {
        chat = ChatServer.start(customise);
    }

    /** Sends {@code count} acked events without waiting in between; returns the acks. */
    private static List<JSONObject> burst(Socket socket, String event, Map<String, ?> payload, int count)
            throws InterruptedException {
        List<JSONObject> acks = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            socket.emit(event, new Object[] {new JSONObject(payload)}, (Ack) args -> {
                acks.add((JSONObject) args[0]);
                all.countDown();
            });
        }
        assertTrue(all.await(10, TimeUnit.SECONDS), "not every event of the burst was acked");
        return acks;
    }

    private static long count(List<JSONObject> acks, boolean ok) {
        return acks.stream().filter(a -> a.optBoolean("ok") == ok).count();
    }

    @Test
    void burstOverTheLimitIsPartlyRefusedAndTheConnectionStays() throws Exception {
        start(b -> b.rateLimit(new RateLimit(5, 5)));
        Socket alice = chat.connect(clients, "alice");
        BlockingQueue<Object[]> pongs = record(alice, "pong");

        List<JSONObject> acks = burst(alice, "ping", Map.of(), 20);

        long accepted = count(acks, true);
        long refused = count(acks, false);
        assertEquals(20, accepted + refused);
        assertTrue(accepted >= 5, () -> "the burst size must pass: " + acks);
        assertTrue(refused >= 1, () -> "nothing was rate limited: " + acks);
        for (JSONObject ack : acks) {
            if (!ack.optBoolean("ok")) {
                assertEquals("rate_limited", errorCode(ack), ack::toString);
                assertFalse(error(ack).optString("message").isBlank());
            }
        }
        // pongs follow their acks: wait for the accepted ones, then make sure no more come
        await().atMost(Duration.ofSeconds(5)).until(() -> pongs.size() >= accepted);
        chat.barrier(alice);
        assertEquals(accepted, pongs.size(), "a refused ping is not handled: no pong for it");
        assertTrue(alice.connected(), "rate limiting must not disconnect");
        assertEquals(1, chat.server().stats().connectedSockets());
    }

    @Test
    void eventsAreAcceptedAgainOnceTheBucketRefills() throws Exception {
        start(b -> b.rateLimit(new RateLimit(5, 5)));
        Socket alice = chat.connect(clients, "alice");
        List<JSONObject> acks = burst(alice, "ping", Map.of(), 20);
        assertTrue(count(acks, false) >= 1);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> call(alice, "ping", Map.of()).optBoolean("ok"));
        assertTrue(alice.connected());
    }

    @Test
    void everyClientEventCountsAgainstTheDefaultLimit() throws Exception {
        start(b -> b.rateLimit(new RateLimit(0.5, 3)));
        Socket alice = chat.connect(clients, "alice");
        // built-in, host and unknown events all take from the same bucket
        List<JSONObject> acks = new CopyOnWriteArrayList<>();
        acks.addAll(burst(alice, "join_conversation", Map.of("conversationId", "c1"), 2));
        acks.addAll(burst(alice, "no_such_event", Map.of(), 2));
        acks.addAll(burst(alice, "refuse", Map.of(), 2));
        long limited = acks.stream().filter(a -> !a.optBoolean("ok")
                && "rate_limited".equals(a.optJSONObject("error").optString("code"))).count();
        assertTrue(limited >= 1, () -> "6 events with a burst of 3 were never limited: " + acks);
        assertTrue(alice.connected());
    }

    @Test
    void limitsAreCountedPerSocket() throws Exception {
        start(b -> b.rateLimit(new RateLimit(1, 3)));
        Socket alice = chat.connect(clients, "alice");
        Socket bob = chat.connect(clients, "bob");
        assertTrue(count(burst(alice, "ping", Map.of(), 10), false) >= 1);
        // alice's bucket is empty; bob's is full
        List<JSONObject> bobAcks = burst(bob, "ping", Map.of(), 3);
        assertEquals(3, count(bobAcks, true), bobAcks::toString);
    }

    @Test
    void aPerEventLimitAppliesToThatEventOnly() throws Exception {
        start(b -> b.rateLimit(new RateLimit(100, 100)).rateLimit("ping", new RateLimit(1, 2)));
        Socket alice = chat.connect(clients, "alice");

        List<JSONObject> pings = burst(alice, "ping", Map.of(), 10);
        assertTrue(count(pings, true) >= 2, pings::toString);
        assertTrue(count(pings, false) >= 1, () -> "the ping limit did not apply: " + pings);

        // while pings are limited, other events still pass
        joinOk(alice, "c1");
        List<JSONObject> sends = burst(alice, "send_message", Map.of("conversationId", "c1", "text", "x"), 10);
        assertEquals(10, count(sends, true), sends::toString);
        assertTrue(alice.connected());
    }

    @Test
    void refusedEventsWithoutAckAreDroppedQuietly() throws Exception {
        start(b -> b.rateLimit(new RateLimit(1, 2)));
        Socket alice = chat.connect(clients, "alice");
        Socket bob = chat.connect(clients, "bob");
        joinOk(bob, "c1");
        // a flood without acks: some are dropped, the connection stays
        for (int i = 0; i < 30; i++) {
            alice.emit("no_such_event", new JSONObject(Map.of("i", i)));
        }
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> call(alice, "ping", Map.of()).optBoolean("ok"));
        assertTrue(alice.connected());
        assertEquals(2, chat.server().stats().connectedSockets());
    }
}
